// Loads the full-screen dashboard (Ink, React, the app) and hands Ink's drawing code the
// parts of ink-module-swaps.ts, its layout engine among them (yoga-layout is not loaded at
// all) and its throttle: Ink takes that one function from es-toolkit's compat index, which
// would load all 415 of its modules, a fifth of the start's CPU and ~10 MB.
// In the bundle dist/cli.js runs (scripts/bundle.mjs), the bundler has done the same.
// A namespace import: registerHooks is missing before Node 22.15, and a missing named export would not link.
import * as nodeModule from 'node:module';
import { moduleSwapFor, replacementUrl, wrapperSource } from './ink-module-swaps.js';

let hooked = false;

export async function loadInk(): Promise<typeof import('./run-ink.js')> {
  if (!hooked) {
    hooked = true;
    // registerHooks: Node >= 22.15; on an older 22 Ink just loads the whole index.
    (nodeModule.registerHooks as typeof nodeModule.registerHooks | undefined)?.({
      resolve(specifier, context, nextResolve) {
        const swap = moduleSwapFor(specifier, context.parentURL);
        if (swap?.wrapWith) {
          const source = wrapperSource(swap.wrapWith, nextResolve(specifier, context).url, replacementUrl(swap));
          return { url: `data:text/javascript,${encodeURIComponent(source)}`, format: 'module', shortCircuit: true };
        }
        if (swap) return { url: replacementUrl(swap), format: 'module', shortCircuit: true };
        return nextResolve(specifier, context);
      },
    });
  }
  return import('./run-ink.js');
}
