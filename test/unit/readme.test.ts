// The README documents every key and every flag the program has.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { HELP } from '../../src/cli/help.js';
import { KEYMAP, keysTableMarkdown } from '../../src/ui/keymap.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every key of the keymap', () => {
    for (const key of KEYMAP) expect(readme).toContain(`| ${key.keys} | ${key.action} |`);
  });

  it("has the keymap's Keys table, row for row and nothing else (paste the expected table into README.md)", () => {
    const start = readme.indexOf('| keys | action |');
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    expect(table).toBe(keysTableMarkdown());
  });

  it('documents every flag that --help shows', () => {
    const flags = [...HELP.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(15);
    for (const flag of flags) expect(readme, flag).toContain(flag);
  });

  it('has a row in its exit-code table for every exit code podlife uses, as --help has', () => {
    for (const code of Object.values(EXIT)) {
      expect(readme, `exit ${code}`).toMatch(new RegExp(`^\\| ${code} \\| \\S`, 'm'));
      expect(HELP, `exit ${code}`).toMatch(new RegExp(`^    ${code}  \\S`, 'm'));
    }
  });
});
