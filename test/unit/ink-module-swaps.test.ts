// The text measure podlife hands Ink must answer exactly as string-width: checked against
// string-width itself, on texts podlife draws and on texts that need the full Unicode
// rules; and only Ink's own imports are swapped.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { INK_MODULE_SWAPS, moduleSwapFor, replacementUrl } from '../../src/cli/ink-module-swaps.js';
import stringWidth from '../../src/ui/ink-string-width.js';

const red = (s: string) => `\u001B[31m${s}\u001B[39m`;
const TEXTS = [
  '',
  'pod-00010 sidecar Running ready 0 10m',
  '[████░░░░] preStop 3.2s · TERM › KILL in 4s',
  red('Waiting') + ' ' + `\u001B[38;2;26;127;55mok\u001B[39m` + ' …',
  `\u001B[1m\u001B[7m selected \u001B[27m\u001B[22m`,
  '古い pod',
  'ok 👍 👨‍👩‍👧 done',
  'e\u0301 combining',
  'tab\there',
  'soft\u00ADhyphen',
  '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007',
  '\u009B31mcsi',
  '↔ ‼ ◾ ▶',
  'line one\nline two ██',
];

describe('string-width as Ink sees it', () => {
  it('measures every text as string-width does', () => {
    for (const text of TEXTS) expect(stringWidth(text), JSON.stringify(text)).toBe(realStringWidth(text));
  });

  it('leaves options it does not handle to string-width', () => {
    for (const text of ['█░ ·', red('█'), '古']) {
      expect(stringWidth(text, { ambiguousIsNarrow: false })).toBe(realStringWidth(text, { ambiguousIsNarrow: false }));
      expect(stringWidth(text, { countAnsiEscapeCodes: true })).toBe(realStringWidth(text, { countAnsiEscapeCodes: true }));
    }
  });
});

describe('which imports are swapped', () => {
  const swapped = (specifier: string, importer: string) => {
    const swap = moduleSwapFor(specifier, importer);
    return swap && replacementUrl(swap);
  };

  it("swaps Ink's and its text helpers' imports only", () => {
    const ink = 'file:///app/node_modules/ink/build/output.js';
    expect(swapped('string-width', ink)).toMatch(/\/ui\/ink-string-width\.js$/);
    expect(swapped('string-width', 'file:///app/node_modules/widest-line/index.js')).toMatch(/\/ui\/ink-string-width\.js$/);
    expect(moduleSwapFor('./output.js', 'file:///app/node_modules/ink/build/renderer.js')?.wrapWith).toBe('rowCachingOutput');
    expect(moduleSwapFor('./line-update.js', 'file:///app/node_modules/ink/build/log-update.js')?.wrapWith).toBe('countingLineUpdate');
    // podlife's own modules, the replacements among them, import the originals.
    expect(swapped('string-width', 'file:///app/dist/render/widths.js')).toBeUndefined();
    expect(swapped('string-width', 'file:///app/dist/ui/ink-string-width.js')).toBeUndefined();
    expect(swapped('@alcalzone/ansi-tokenize', ink)).toBeUndefined();
    expect(swapped('./output.js', 'file:///app/node_modules/ink/build/render-to-string.js')).toBeUndefined();
    expect(swapped('chalk', ink)).toBeUndefined();
    expect(swapped('./line-update.js', 'file:///app/node_modules/other/log-update.js')).toBeUndefined();
    expect(moduleSwapFor('./sanitize-ansi.js', 'file:///app/node_modules/ink/build/squash-text-nodes.js')?.wrapWith).toBe('rememberingSanitize');
    expect(moduleSwapFor('./sanitize-ansi.js', 'file:///app/node_modules/ink/build/output.js')).toBeUndefined();
    for (const importer of ['dom.js', 'render-node-to-output.js']) expect(moduleSwapFor('./squash-text-nodes.js', `file:///app/node_modules/ink/build/${importer}`)?.wrapWith).toBe('rememberingSquash');
    expect(moduleSwapFor('./squash-text-nodes.js', 'file:///app/node_modules/ink/build/output.js')).toBeUndefined();
    for (const importer of ['dom.js', 'ink.js', 'styles.js']) expect(swapped('yoga-layout', `file:///app/node_modules/ink/build/${importer}`)).toMatch(/\/ui\/ink-layout\.js$/);
    expect(swapped('yoga-layout', 'file:///app/test/unit/ink-layout.test.ts')).toBeUndefined();
    expect(swapped('es-toolkit/compat', 'file:///app/node_modules/ink/build/ink.js')).toMatch(/\/ui\/ink-throttle\.js$/);
    expect(swapped('es-toolkit/compat', 'file:///app/node_modules/other/index.js')).toBeUndefined();
    expect(INK_MODULE_SWAPS.length).toBe(7);
  });
});

/** Every .js file under dir, nested node_modules included (a package's own copies of a helper). */
function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return jsFiles(file);
    return name.endsWith('.js') ? [file] : [];
  });
}

/** The names an import statement of `specifier` takes from it ('default' for a default import). */
function importedNames(source: string, specifier: string): string[] {
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const names: string[] = [];
  for (const match of source.matchAll(new RegExp(`import\\s+([^'";]+?)\\s+from\\s+['"]${quoted}['"]`, 'g'))) {
    const clause = match[1]!;
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) for (const part of braces[1]!.split(',')) if (part.trim()) names.push(part.trim().split(/\s+as\s+/)[0]!);
    const outside = clause.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
    if (outside.startsWith('* as')) names.push('*');
    else if (outside) names.push('default');
  }
  return names;
}

// A swap stands in for a whole module: should Ink (or a text helper) start importing a
// name the replacement lacks, the bundle fails to link. Caught here, against the Ink this
// checkout installed, instead of at a user's upgrade.
describe('what the swapped imports take', () => {
  const packages = ['ink', 'widest-line', 'wrap-ansi', 'cli-truncate', 'slice-ansi'].map((name) => join('node_modules', name));

  it.each(INK_MODULE_SWAPS.map((swap) => [swap.specifier, swap] as const))('%s: every name imported is one the replacement gives', async (_specifier, swap) => {
    const taken = new Set<string>();
    for (const file of packages.flatMap(jsFiles)) {
      if (!swap.importer.test(pathToFileURL(file).href)) continue;
      for (const name of importedNames(readFileSync(file, 'utf8'), swap.specifier)) taken.add(name);
    }
    // A swap whose import no file makes any more is stale: the table should lose it.
    expect(taken.size, `no file imports ${swap.specifier}`).toBeGreaterThan(0);
    // Under tests the replacement is its TypeScript source, beside dist/'s compiled one.
    const replacement = (await import(new URL(swap.replacement.replace(/\.js$/, '.ts'), new URL('../../src/cli/', import.meta.url)).href)) as Record<string, unknown>;
    // A wrapping swap hands over what its wrapper returns: the importer gets a default export.
    const given = swap.wrapWith ? ['default', '*'] : [...Object.keys(replacement), '*'];
    for (const name of taken) expect(given, `${swap.specifier} imports ${name}`).toContain(name);
  });
});
