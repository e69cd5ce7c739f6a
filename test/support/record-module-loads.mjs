// Preloaded with `node --import` by tests: writes every module the program loads (one URL
// a line) to the file PODLIFE_TEST_MODULE_LOG names, when the process exits.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on('exit', () => writeFileSync(process.env.PODLIFE_TEST_MODULE_LOG, [...loaded].join('\n') + '\n'));
