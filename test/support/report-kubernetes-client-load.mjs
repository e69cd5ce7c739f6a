// Preloaded with `node --import` by tests: prints a line on stderr when the program
// resolves its Kubernetes client (podlife's HTTP client for the apiserver, or the client
// library), to show which commands load it and which do not. dist/cli.js runs the bundle
// (scripts/bundle.mjs): a module of it holds the client when its build's meta.json says so.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const CLIENT = /(^|\/)sources\/kubernetes-http\.js$|(^|\/)@kubernetes\/client-node\//;
const metaOf = new Map();

function holdsClient(url) {
  const bundled = /\/(dist\/bundle\/[^/]+\.mjs)$/.exec(url);
  if (!bundled) return CLIENT.test(url);
  const metaUrl = new URL('meta.json', url).href;
  if (!metaOf.has(metaUrl)) metaOf.set(metaUrl, JSON.parse(readFileSync(new URL(metaUrl), 'utf8')));
  const output = metaOf.get(metaUrl).outputs[bundled[1]];
  if (!output) throw new Error(`${bundled[1]} is not in its meta.json: a stale build?`);
  return Object.keys(output.inputs).some((input) => CLIENT.test(input));
}

let reported = false;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (!reported && holdsClient(resolved.url)) {
      reported = true;
      process.stderr.write('[loaded the Kubernetes client]\n');
    }
    return resolved;
  },
});
