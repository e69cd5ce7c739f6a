// --results writes each scenario's section into bench/RESULTS.md between its markers,
// leaving the other sections as they are, so `--only` regenerates just what it ran.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Replaces (or appends) each section between its markers in RESULTS.md. */
export function writeSections(file, sections) {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# podlife at cluster scale: benchmark results\n';
  for (const [name, body] of sections) {
    const begin = `<!-- bench:${name} -->`;
    const end = `<!-- /bench:${name} -->`;
    const a = text.indexOf(begin);
    const b = text.indexOf(end);
    if (a >= 0 && b > a) text = text.slice(0, a) + body + text.slice(b + end.length);
    else text = `${text.trimEnd()}\n\n${body}\n`;
  }
  writeFileSync(file, text);
}
