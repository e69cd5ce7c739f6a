// The report: a header (machine, versions, how many runs) and one section per scenario.
// --results writes each section into bench/RESULTS.md between its markers, leaving the
// other sections as they are, so `--only` regenerates just what it ran.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KUBECONFIG, KUBECTL, ROOT } from './env.mjs';
import { COLS, FULL, ROWS } from './tools.mjs';

function run(cmd, a) {
  try {
    return execFileSync(cmd, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

export function versions() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  let apiserver = '?';
  try {
    apiserver = JSON.parse(run(KUBECTL, ['--kubeconfig', KUBECONFIG, 'version', '-o', 'json'])).serverVersion.gitVersion;
  } catch {
    // keep ?
  }
  const kubectl = /Client Version: (\S+)/.exec(run(KUBECTL, ['version', '--client']))?.[1] ?? '?';
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '?';
  const ink = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/ink/package.json'), 'utf8')).version;
  return [
    `machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `podlife ${pkg.version} (${run('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])}), node ${process.version}, ink ${ink} · k9s ${process.env.PODLIFE_BENCH_K9S_VERSION ?? '?'} · kubectl ${kubectl} · kube-apiserver ${apiserver} (etcd + apiserver only, pods on a fake node)`,
    `pane ${COLS}×${ROWS}; a full screen = ${FULL} pod rows (kubectl: ${FULL} lines)`,
  ].join('\n');
}

/** One scenario's section: its heading, when and under what load it ran, its body. */
export function section(name, result, meta) {
  const smoke = meta.smoke.length ? `\n**Smoke run, not evidence for any target** (${meta.smoke.join('; ')}).\n` : '';
  return [
    `<!-- bench:${name} -->`,
    `## ${result.title}`,
    smoke,
    `\`${meta.command}\` · ${meta.date} UTC · took ${meta.minutes.toFixed(1)} min · load average at start ${meta.loadStart}, at end ${meta.loadEnd} · runs: ${meta.runs}, medians shown (each run's value in brackets)`,
    '',
    meta.versions,
    '',
    result.chart ? `![RSS over time](${path.basename(result.chart)})\n` : '',
    result.body,
    `<!-- /bench:${name} -->`,
  ].join('\n');
}

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
