// Loads the full-screen dashboard (Ink, React, the app) without a cost Ink's dependencies
// bring along for nothing, a fifth of the start's CPU and ~10 MB: Ink takes one function
// (throttle) from es-toolkit's compat index, which loads all 415 of its modules; it is
// given that function's own module instead. It also hands Ink's drawing code the parts of
// ink-module-swaps.ts, its layout engine among them (yoga-layout is not loaded at all).
// In the bundle dist/cli.js runs (scripts/bundle.mjs), the bundler has done the same.
import { readFileSync } from 'node:fs';
// A namespace import: registerHooks is missing before Node 22.15, and a missing named export would not link.
import * as nodeModule from 'node:module';
import { moduleSwapFor, replacementUrl, wrapperSource } from './ink-module-swaps.js';

/** What ink/build/ink.js imports from es-toolkit/compat: the redirect holds only while this is all. */
const INK_COMPAT_IMPORT = /^import \{ throttle \} from 'es-toolkit\/compat';$/m;

let hooked = false;

export async function loadInk(): Promise<typeof import('./run-ink.js')> {
  if (!hooked) {
    hooked = true;
    // registerHooks: Node >= 22.15; on an older 22 Ink just loads the whole index.
    (nodeModule.registerHooks as typeof nodeModule.registerHooks | undefined)?.({
      resolve(specifier, context, nextResolve) {
        if (specifier === 'es-toolkit/compat' && context.parentURL?.endsWith('/ink/build/ink.js') && importsOnlyThrottle(context.parentURL)) {
          // The function's own module exports it as default; Ink imports it by name.
          const throttle = nextResolve('es-toolkit/compat/throttle', context).url;
          return { url: `data:text/javascript,${encodeURIComponent(`export { default as throttle } from ${JSON.stringify(throttle)};`)}`, format: 'module', shortCircuit: true };
        }
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

function importsOnlyThrottle(url: string): boolean {
  try {
    const source = readFileSync(new URL(url), 'utf8');
    return [...source.matchAll(/from 'es-toolkit\/compat'/g)].length === 1 && INK_COMPAT_IMPORT.test(source);
  } catch {
    return false;
  }
}
