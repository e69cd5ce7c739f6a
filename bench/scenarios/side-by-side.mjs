// sidebyside: this checkout's podlife and another commit's (--against REV, built by
// bench/run.sh) watch the same cluster at the same time, under the same churn. Two runs
// minutes apart differ by up to 20 % on a shared machine (its load, the VM's neighbours,
// V8's warm-up), more than most changes save or cost; two processes measured over the
// same seconds pay the same noise, so their ratio holds to a few per cent. It is the
// before/after of a change to sources, store, render or ui.
import { cpuSeconds } from '../lib/proc.mjs';
import { churnAsync, population } from '../lib/driver.mjs';
import { KUBECONFIG, log, sleep } from '../lib/env.mjs';
import { latencyFigures } from '../lib/latency.mjs';
import { median } from '../lib/numbers.mjs';
import { options } from '../lib/options.mjs';
import { fmt, med, note, values } from '../lib/results.mjs';
import { launch } from '../lib/tools.mjs';

const AGAINST_ROOT = process.env.PODLIFE_BENCH_AGAINST_ROOT;
const AGAINST_REV = process.env.PODLIFE_BENCH_AGAINST_REV;

/** The two sides: this checkout, and the commit compared with; each with its tmux tag and the checkout it runs from. */
const SIDES = [
  { name: 'this checkout', tag: 'this', root: undefined },
  { name: 'against', tag: 'against', root: AGAINST_ROOT },
];
const [THIS, AGAINST] = SIDES.map((side) => side.name);

export async function sideBySide() {
  if (!AGAINST_ROOT || !AGAINST_REV) throw new Error('sidebyside needs --against REV (bench/run.sh builds that commit)');
  population(options.pods, options.namespaces);
  for (let run = 1; run <= options.churnRuns; run++) {
    // The first started has the cluster's list to itself: the order alternates.
    const order = run % 2 === 1 ? SIDES : [...SIDES].reverse();
    const handles = {};
    for (const { name, tag, root } of order) {
      handles[name] = (await launch('podlife', `${tag}-${run}`, { kubeconfig: KUBECONFIG }, options.fullTimeoutSeconds, { root })).handle;
    }
    await sleep(3_000);
    for (const rate of options.churnRates) {
      const cpu0 = Object.fromEntries(SIDES.map(({ name }) => [name, cpuSeconds(handles[name].pid)]));
      const from = Date.now();
      const achieved = await churnAsync({ pods: options.pods, namespaces: options.namespaces, rate, seconds: options.churnSeconds });
      await sleep(300); // frames still owed to the last writes
      const to = Date.now();
      const per1000 = {};
      const figures = [];
      for (const { name } of SIDES) {
        per1000[name] = ((cpuSeconds(handles[name].pid) - cpu0[name]) * 1000) / achieved.writes;
        const { p99, framesPerSecond } = latencyFigures(handles[name].latencyLog, from, to);
        note('sidebyside', name, `per1000_${rate}`, run, per1000[name]);
        note('sidebyside', name, `p99_${rate}`, run, p99);
        note('sidebyside', name, `fps${rate}`, run, framesPerSecond);
        figures.push(`${name} ${per1000[name].toFixed(3)} CPU s per 1,000, p99 ${p99} ms, ${framesPerSecond.toFixed(1)} frames/s`);
      }
      note('sidebyside', 'ratio', `per1000_${rate}`, run, per1000[THIS] / per1000[AGAINST]);
      log(`side by side ${rate}/s run ${run} (achieved ${achieved.achievedPerSecond}/s): ${figures.join('; ')}`);
    }
    for (const { name } of SIDES) await handles[name].stop();
    await sleep(1_000);
  }
  return { title: `Side by side with ${AGAINST_REV}: ${options.pods.toLocaleString('en')} pods, ${options.churnRates.join(' and ')} changes/s`, body: report() };
}

function report() {
  const lines = [
    `Both podlife builds watch the cluster at once; ratio = this checkout / ${AGAINST_REV}, the median of each run's own ratio (below 1: this checkout uses less).`,
    '',
    `| figure | this checkout | ${AGAINST_REV} | ratio |`,
    '| --- | --- | --- | --- |',
  ];
  for (const rate of options.churnRates) {
    const ratios = values('sidebyside', 'ratio', `per1000_${rate}`);
    const ratio = median(ratios);
    lines.push(`| ${rate}/s: CPU s per 1,000 changes | ${fmt(med('sidebyside', THIS, `per1000_${rate}`), 3)} | ${fmt(med('sidebyside', AGAINST, `per1000_${rate}`), 3)} | ${ratio === undefined ? '–' : `${ratio.toFixed(3)} (runs: ${ratios.map((r) => r.toFixed(3)).join(', ')})`} |`);
    lines.push(`| ${rate}/s: event→frame p99 (ms) | ${fmt(med('sidebyside', THIS, `p99_${rate}`), 1)} | ${fmt(med('sidebyside', AGAINST, `p99_${rate}`), 1)} | |`);
    // A change that draws less often shows here first: CPU per frame is the other half.
    lines.push(`| ${rate}/s: frames written/s | ${fmt(med('sidebyside', THIS, `fps${rate}`), 1)} | ${fmt(med('sidebyside', AGAINST, `fps${rate}`), 1)} | |`);
  }
  return lines.join('\n');
}
