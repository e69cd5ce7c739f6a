// Preloaded with `node --import` by tests: prints a line on stderr when the program
// resolves its Kubernetes client (podlife's HTTP client for the apiserver, or the client
// library), to show which commands load it and which do not.
import { registerHooks } from 'node:module';

let reported = false;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (!reported && /\/sources\/kubernetes-http\.js$|\/@kubernetes\/client-node\//.test(resolved.url)) {
      reported = true;
      process.stderr.write('[loaded the Kubernetes client]\n');
    }
    return resolved;
  },
});
