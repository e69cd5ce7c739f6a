// The benchmark proper (bench/run.sh prepares everything and calls it): podlife, k9s and
// `kubectl get pods -w` against the same real kube-apiserver under the same load, one
// tool at a time. Scenarios (all by default, or --only a,b):
//   startup   5,000 pods present: start → first full screen of pod rows
//   churn     100 and 500 status changes/s: CPU per 1,000 changes, event→frame, idle, a profile
//   burst     100 deletes at once: how late podlife's predicted "KILL due" switches reach the screen
//   slowlink  5,000 pods through an 80 ms / 20 Mbit/s link: first full screen
//   memory    10,000 pods present: peak RSS
//   soak      5,000 pods for 20 min under churn, pod churn and events: RSS over time
//   scale50k  50,000 pods over 100 namespaces: first full screen and RSS, -A and -n
// and, only when asked for (--only sidebyside --against REV):
//   sidebyside  this checkout's podlife beside another commit's, under the same churn at once
// Figures are medians over runs; the report goes to stdout and the scratch directory,
// and with --results into bench/RESULTS.md (refused for smoke-sized runs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { K9S, ROOT, SCRATCH, loadAverage, log } from './lib/env.mjs';
import { KNOWN_SCENARIOS, ON_REQUEST, options, smokeReasons, usage } from './lib/options.mjs';
import { section, versions } from './lib/report.mjs';
import { writeSections } from './lib/results-file.mjs';
import { allResults } from './lib/results.mjs';
import { killTmux } from './lib/tools.mjs';
import { burst } from './scenarios/burst.mjs';
import { churn } from './scenarios/churn.mjs';
import { sideBySide } from './scenarios/side-by-side.mjs';
import { scale50k } from './scenarios/scale.mjs';
import { slowlink } from './scenarios/slowlink.mjs';
import { soak } from './scenarios/soak.mjs';
import { memory, startup } from './scenarios/startup.mjs';

const BENCH = path.join(ROOT, 'bench');
const RUNS = { startup: 'runs', churn: 'churnRuns', burst: 'runs', memory: 'runs', slowlink: 'runs', soak: 'soakRuns', scale50k: 'runs', sidebyside: 'churnRuns' };

async function main() {
  const smoke = smokeReasons();
  if (options.results && smoke.length) {
    usage(`--results writes bench/RESULTS.md, which holds full-size runs only; this one is smoke-sized (${smoke.join('; ')})`);
  }
  // sidebyside runs podlife alone, whatever --tools says.
  const runsTools = options.only.some((name) => !ON_REQUEST.includes(name));
  if (!K9S && runsTools && [...options.tools, ...options.soakTools].includes('k9s')) usage('PODLIFE_BENCH_K9S is not set: run the bench with npm run bench, or leave k9s out of --tools and --soak-tools');
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  killTmux();
  const chartDir = options.results ? BENCH : SCRATCH;
  const scenarios = { startup, churn, burst, memory, slowlink, soak: () => soak(chartDir), scale50k, sidebyside: sideBySide };
  const header = versions();
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  const sections = [];
  for (const name of KNOWN_SCENARIOS.filter((s) => options.only.includes(s))) {
    const startedAt = new Date();
    const loadStart = loadAverage();
    log(`${name}: starting, load average ${loadStart}`);
    const result = await scenarios[name]();
    const meta = {
      command,
      date: startedAt.toISOString().slice(0, 16).replace('T', ' '),
      minutes: (Date.now() - startedAt.getTime()) / 60000,
      loadStart,
      loadEnd: loadAverage(),
      runs: options[RUNS[name]],
      versions: header,
      smoke,
    };
    sections.push([name, section(name, result, meta)]);
    process.stdout.write(`${sections.at(-1)[1]}\n\n`);
  }
  killTmux();
  const report = sections.map(([, text]) => text).join('\n\n') + '\n';
  writeFileSync(path.join(SCRATCH, 'report.md'), report);
  writeFileSync(path.join(SCRATCH, 'results.json'), JSON.stringify(allResults(), null, 1));
  if (options.out) writeFileSync(options.out, report);
  if (options.results) writeSections(path.join(BENCH, 'RESULTS.md'), sections);
  log(`report: ${path.join(SCRATCH, 'report.md')}${options.results ? ', bench/RESULTS.md' : ''}`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  killTmux();
  process.exit(1);
});
