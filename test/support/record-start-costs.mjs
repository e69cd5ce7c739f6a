// Preloaded with `node --import` by tests: every module the program loads, as
// record-module-loads.mjs writes it, and each Intl.Segmenter the program makes, a line per
// Segmenter written at once to the file PODLIFE_TEST_SEGMENTER_LOG names (where it was made).
import { appendFileSync } from 'node:fs';
import './record-module-loads.mjs';

const Made = Intl.Segmenter;
Intl.Segmenter = class extends Made {
  constructor(...args) {
    super(...args);
    const where = new Error().stack?.split('\n')[2]?.trim() ?? '?';
    appendFileSync(process.env.PODLIFE_TEST_SEGMENTER_LOG, `${where}\n`);
  }
};
