// Run by test/install/ink-swaps.test.ts in a Node process of its own: loads Ink as the
// dashboard does (dist/cli/load-ink.js), draws a frame with a non-ASCII text and then
// one line of it changed (incremental rendering, as the dashboard draws), and prints how
// podlife's width memo, row-caching output grid, line update and layout engine were used
// before and after, and before the last frame (whose text changed, not its size). The
// text is truncated, as the dashboard's header and table are.
import { Writable } from 'node:stream';

const dist = (file) => new URL(`../../dist/${file}`, import.meta.url).href;
const { loadInk } = await import(dist('cli/load-ink.js'));
const widths = await import(dist('render/widths.js'));
const output = await import(dist('ui/ink-output.js'));
const lineUpdate = await import(dist('ui/ink-line-update.js'));
const layout = await import(dist('ui/ink-layout-flex.js'));
await loadInk();
const { createElement } = await import('react');
const { render, Text } = await import('ink');

const usage = () => ({ measured: widths.widthMemoStats().measured, linesDrawn: output.outputLineCounts().linesDrawn, linesCounted: lineUpdate.lineUpdateCounts().counted, layouts: layout.layoutsMade(), computed: layout.nodesComputed() });
const before = usage();
const stdout = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { columns: 80, rows: 10, isTTY: false });
const text = (content) => createElement(Text, { wrap: 'truncate-end' }, content);
const app = render(text(`pod é ${Date.now()}`), { stdout, patchConsole: false, interactive: true, incrementalRendering: true });
// Past Ink's frame throttle: the second frame is drawn as a change to the first.
await new Promise((resolve) => setTimeout(resolve, 100));
app.rerender(text(`pod é ${Date.now()}\npod › 1`));
await new Promise((resolve) => setTimeout(resolve, 100));
const beforeLast = usage();
app.rerender(text(`pod é ${Date.now()}\npod › 2`));
await new Promise((resolve) => setTimeout(resolve, 100));
const afterLast = usage();
app.unmount();
await app.waitUntilExit();
console.log(JSON.stringify({ before, beforeLast, afterLast, after: usage() }));
