// Preloaded with `node --import` by tests: prints a line on stderr when the program
// resolves the Kubernetes client, to show which commands load it and which do not.
import { registerHooks } from 'node:module';

let reported = false;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (!reported && resolved.url.includes('/@kubernetes/client-node/')) {
      reported = true;
      process.stderr.write('[loaded @kubernetes/client-node]\n');
    }
    return resolved;
  },
});
