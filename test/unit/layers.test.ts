// The layers of README's "How it is built": render/ is pure text that both the dashboard
// and the headless printers draw through; the printers never reach into the Ink UI.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const src = new URL('../../src/', import.meta.url);

function importsOf(dir: string): { file: string; from: string }[] {
  return readdirSync(new URL(`${dir}/`, src))
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((file) => [...readFileSync(new URL(`${dir}/${file}`, src), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => ({ file: `${dir}/${file}`, from: m[1]! })));
}

describe('layers', () => {
  it('render/ is pure: no Ink, React, I/O, store, sources or ui', () => {
    const found = importsOf('render');
    expect(found.length).toBeGreaterThan(3);
    const forbidden = found.filter(({ from }) => !/^\.\/|^\.\.\/lifecycle\//.test(from) && !/^(string-width|cli-truncate)$/.test(from));
    expect(forbidden).toEqual([]);
  });

  it('output/ draws through render/, never through ui/', () => {
    const found = importsOf('output');
    expect(found.some(({ from }) => from.startsWith('../render/'))).toBe(true);
    expect(found.filter(({ from }) => from.startsWith('../ui/'))).toEqual([]);
  });

  it('record/ knows no source, ui/ only the session, and sources/ report to nothing in perf/', () => {
    expect(importsOf('record').filter(({ from }) => from.startsWith('../sources/'))).toEqual([]);
    expect(importsOf('ui').filter(({ from }) => from.startsWith('../sources/'))).toEqual([]);
    expect(importsOf('sources').filter(({ from }) => from.startsWith('../perf/'))).toEqual([]);
  });
});
