// Run by test/install/ink-swaps.test.ts in a Node process of its own: loads Ink as the
// dashboard does (dist/cli/load-ink.js), draws one frame with a non-ASCII text, and
// prints how podlife's width memo and row-caching output grid were used before and after.
import { Writable } from 'node:stream';

const dist = (file) => new URL(`../../dist/${file}`, import.meta.url).href;
const { loadInk } = await import(dist('cli/load-ink.js'));
const widths = await import(dist('render/widths.js'));
const output = await import(dist('ui/ink-output.js'));
await loadInk();
const { createElement } = await import('react');
const { render, Text } = await import('ink');

const usage = () => ({ measured: widths.widthMemoStats().measured, linesDrawn: output.outputLineCounts().linesDrawn });
const before = usage();
const stdout = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { columns: 80, rows: 10, isTTY: false });
const app = render(createElement(Text, null, `pod é ${Date.now()}`), { stdout, patchConsole: false });
app.unmount();
await app.waitUntilExit();
console.log(JSON.stringify({ before, after: usage() }));
