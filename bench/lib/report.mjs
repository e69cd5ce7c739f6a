// The report: a header (machine, versions, how many runs) and one section per scenario.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkoutCommit } from './checkout.mjs';
import { K9S, KUBECONFIG, KUBECTL, ROOT } from './env.mjs';
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
    `podlife ${pkg.version} (${checkoutCommit()}), node ${process.version}, ink ${ink} · k9s ${K9S ? (process.env.PODLIFE_BENCH_K9S_VERSION ?? '?') : '(not run)'} · kubectl ${kubectl} · kube-apiserver ${apiserver} (etcd + apiserver only, pods on a fake node)`,
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
