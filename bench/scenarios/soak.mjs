// soak: 5,000 pods for 20 minutes under 100 status changes/s, pods created and stopped
// (10/s each) and Events (10/s, half about pods already gone). Each tool alone; its RSS
// sampled every 10 s; podlife's own stats line (PODLIFE_STATS_FILE) gives its rows, event
// groups and per-pod feed entries. Writes the RSS chart as SVG.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cpuSeconds, peakRssMb, rssMb } from '../lib/proc.mjs';
import { churnAsync, liveFrom, population, populationMoved } from '../lib/driver.mjs';
import { KUBECONFIG, log, sleep } from '../lib/env.mjs';
import { statsLines } from '../lib/latency.mjs';
import { growthOverLastHalf } from '../lib/numbers.mjs';
import { options } from '../lib/options.mjs';
import { fmt, med, note, table } from '../lib/results.mjs';
import { rssChart } from '../lib/svg.mjs';
import { launch } from '../lib/tools.mjs';
import { checkoutCommit } from '../lib/checkout.mjs';
import { mergeSoakRuns, sitting } from '../lib/soak-runs.mjs';
import { loadAverage } from '../lib/env.mjs';

/** How long the store keeps the rows of a deleted pod (src/store/store.ts goneRetentionMs). */
const GONE_RETENTION_SECONDS = 60;
const COUNTS = ['rows', 'goneGroups', 'eventGroups', 'feedPods', 'heapUsedMb', 'heapAfterFullGcMb', 'heapTotalMb', 'readerHeapTotalMb', 'outsideHeapsMb'];

/** RSS less what both JS heaps have reserved (the main thread's and the reader thread's isolate): native memory, code, stacks. */
const withOutsideHeaps = (line) => (line.readerHeapTotalMb === undefined ? line : { ...line, outsideHeapsMb: line.rssMb - line.heapTotalMb - line.readerHeapTotalMb });

async function soakRun(tool, run, series) {
  const begun = { startedAt: new Date(), loadStart: loadAverage(), commit: checkoutCommit() };
  const seconds = options.soakMinutes * 60;
  const { handle } = await launch(tool, `soak-${run}`, { kubeconfig: KUBECONFIG }, options.fullTimeoutSeconds);
  const samples = [];
  const t0 = performance.now();
  const cpu0 = cpuSeconds(handle.pid);
  const sample = () => samples.push({ s: (performance.now() - t0) / 1000, mb: rssMb(handle.pid) });
  sample();
  const load = churnAsync({ pods: options.soakPods, namespaces: options.namespaces, from: liveFrom(), rate: options.soakRate, seconds, podChurn: options.soakPodChurn, events: options.soakEvents });
  let done = false;
  const figures = load.finally(() => (done = true));
  while (!done) {
    await Promise.race([sleep(options.soakSampleSeconds * 1000), figures.catch(() => {})]);
    if (!done) sample();
  }
  const achieved = await figures;
  sample();
  populationMoved(achieved.liveFrom);
  series.push({ tool, run, samples });
  note('soak', tool, 'rssEnd', run, samples.at(-1).mb);
  note('soak', tool, 'rssPeak', run, peakRssMb(handle.pid));
  note('soak', tool, 'growth', run, growthOverLastHalf(samples));
  note('soak', tool, 'cpu', run, cpuSeconds(handle.pid) - cpu0);
  note('soak', tool, 'achieved', run, achieved.achievedPerSecond);
  if (handle.statsFile) {
    await handle.stop(); // its last stats line is written on the way out
    countFigures(tool, run, statsLines(handle.statsFile).map(withOutsideHeaps), samples.at(-1).s);
  } else {
    await handle.stop();
  }
  log(`soak run ${run} ${tool}: rss ${samples[0].mb.toFixed(0)} → ${samples.at(-1).mb.toFixed(0)} MB, growth over the last half ${fmt(growthOverLastHalf(samples), 1)} %, driver ${JSON.stringify(achieved)}`);
  await sleep(1_000);
  return sitting(begun);
}

/** podlife's counts at the end and their largest value over the last half; its heap's growth as RSS's is taken. */
function countFigures(tool, run, lines, seconds) {
  if (lines.length === 0) return;
  const halfFrom = lines[0].t + (seconds * 1000) / 2;
  for (const count of COUNTS) {
    const known = lines.filter((l) => l[count] !== undefined);
    if (known.length === 0) continue; // a build from before the figure
    note('soak', tool, `${count}End`, run, known.at(-1)[count]);
    note('soak', tool, `${count}Max`, run, Math.max(...known.filter((l) => l.t >= halfFrom).map((l) => l[count])));
  }
  const growthOf = (count) => {
    const known = lines.filter((l) => l[count] !== undefined);
    return growthOverLastHalf(known.map((l) => ({ s: (l.t - lines[0].t) / 1000, mb: l[count] })));
  };
  note('soak', tool, 'heapGrowth', run, growthOf('heapUsedMb'));
  // What the last full collection left live: the heap used read at any moment also holds
  // the garbage since, tens of MB that come and go with the collections.
  note('soak', tool, 'liveHeapGrowth', run, growthOf('heapAfterFullGcMb'));
  // Where RSS's growth sits: what the heaps reserved, or outside them.
  note('soak', tool, 'heapTotalGrowth', run, growthOf('heapTotalMb'));
  note('soak', tool, 'readerHeapTotalGrowth', run, growthOf('readerHeapTotalMb'));
  note('soak', tool, 'outsideHeapsGrowth', run, growthOf('outsideHeapsMb'));
}

export async function soak(chartDir) {
  population(options.soakPods, options.namespaces);
  const measured = [];
  const sittings = {};
  for (let run = 1; run <= options.soakRuns; run++) {
    for (const tool of options.soakTools) sittings[tool] = await soakRun(tool, run, measured);
  }
  const { tools, series, sittings: every } = mergeSoakRuns(measured, sittings, options.results);
  const chartFile = path.join(chartDir, 'soak-rss.svg');
  writeFileSync(chartFile, rssChart(series, `RSS under churn: ${options.soakPods.toLocaleString('en')} pods, ${options.soakRate} changes/s, ${options.soakPodChurn} pods/s created and stopped, ${options.soakEvents} events/s`));
  const rows = [
    ['status changes achieved (/s)', 'achieved', 0],
    ['CPU s over the soak', 'cpu', 1],
    ['RSS at the end (MB)', 'rssEnd', 0],
    ['peak RSS (MB)', 'rssPeak', 0],
    ['RSS growth over the last half (%)', 'growth', 1],
    ['rows at the end', 'rowsEnd', 0],
    ['rows, most over the last half', 'rowsMax', 0],
    ['deleted pods kept dimmed, most over the last half', 'goneGroupsMax', 0],
    ['event groups at the end', 'eventGroupsEnd', 0],
    ['event groups, most over the last half', 'eventGroupsMax', 0],
    ['per-pod feed entries at the end', 'feedPodsEnd', 0],
    ['per-pod feed entries, most over the last half', 'feedPodsMax', 0],
    ['JS heap used at the end (MB)', 'heapUsedMbEnd', 0],
    ['JS heap used, most over the last half (MB)', 'heapUsedMbMax', 0],
    ['JS heap growth over the last half (%)', 'heapGrowth', 1],
    ['JS heap after the last full collection, at the end (MB)', 'heapAfterFullGcMbEnd', 0],
    ['JS heap after a full collection, most over the last half (MB)', 'heapAfterFullGcMbMax', 0],
    ['JS heap after full collections: growth over the last half (%)', 'liveHeapGrowth', 1],
    ['JS heap reserved at the end (MB)', 'heapTotalMbEnd', 0],
    ['JS heap reserved: growth over the last half (%)', 'heapTotalGrowth', 1],
    ["reader thread's JS heap reserved at the end (MB)", 'readerHeapTotalMbEnd', 0],
    ["reader thread's JS heap reserved: growth over the last half (%)", 'readerHeapTotalGrowth', 1],
    ['RSS outside both JS heaps at the end (MB)', 'outsideHeapsMbEnd', 0],
    ['RSS outside both JS heaps: growth over the last half (%)', 'outsideHeapsGrowth', 1],
  ];
  return {
    title: `Soak: ${options.soakPods.toLocaleString('en')} pods for ${options.soakMinutes} min`,
    chart: chartFile,
    body: [
      `RSS sampled every ${options.soakSampleSeconds} s; growth over the last half: the least-squares line through the second half's samples, its rise over that half as a share of its value where the half starts. podlife's counts come from its own stats line (PODLIFE_STATS_FILE, every 5 s).`,
      '',
      table('soak', tools, rows),
      targets(tools),
      '',
      sittingsText(every),
    ].join('\n'),
  };
}

/** The live heap's growth judged, the heap read at any moment beside it. */
function heapFlat() {
  const live = med('soak', 'podlife', 'liveHeapGrowth');
  const any = med('soak', 'podlife', 'heapGrowth');
  const anyText = any === undefined ? '' : ` (read at any moment: ${any.toFixed(1)} %)`;
  if (live === undefined) return any === undefined ? '–' : `${any <= 5 ? 'met' : 'not met'}: ${any.toFixed(1)} % read at any moment`;
  return `${live <= 5 ? 'met' : 'not met'}: ${live.toFixed(1)} %${anyText}`;
}

/** Tools may be soaked in separate sittings: when, where and under what load each ran. */
function sittingsText(sittings) {
  const lines = Object.entries(sittings).map(([tool, s]) => `- ${tool}: ${s.date} UTC, commit ${s.commit}, load average at start ${s.loadStart}, at end ${s.loadEnd}`);
  return ['Each tool\'s run:', ...lines].join('\n');
}

function targets(tools) {
  if (!tools.includes('podlife')) return '';
  const growth = med('soak', 'podlife', 'growth');
  // In view: the live pods, plus the stopped ones whose rows stay (dimmed) for the retention:
  // pods stopped at a steady rate over a closed window of that length, both ends included
  // (a pod stopped exactly 60 s ago is still kept), are rate × 60 + 1. The driver creates
  // and stops pods at the same rate but not in step: up to a second's creations are live
  // before their stops (it held 5,005 of 5,000 at once).
  const livePods = options.soakPods + options.soakPodChurn;
  const podsInView = livePods + options.soakPodChurn * GONE_RETENTION_SECONDS + 1;
  const rowsInView = podsInView * 3;
  const check = (figure, bound) => {
    const v = med('soak', 'podlife', figure);
    return v === undefined ? '–' : `${v <= bound ? 'met' : 'not met'}: ${v.toFixed(0)} (bound ${bound.toLocaleString('en')})`;
  };
  return [
    '',
    '| target | result |',
    '| --- | --- |',
    `| RSS growth over the last half ≤ 5 % | ${growth === undefined ? '–' : `${growth <= 5 ? 'met' : 'not met'}: ${growth.toFixed(1)} %`} |`,
    `| JS heap flat: growth over the last half ≤ 5 %, of what full collections left live (read at any moment) | ${heapFlat()} |`,
    `| rows bounded by what is in view (live pods, a second's creations ahead of their stops included, × 3 + stopped pods' rows for ${GONE_RETENTION_SECONDS} s) | ${check('rowsMax', rowsInView)} |`,
    `| event groups bounded by the pods in view | ${check('eventGroupsMax', podsInView)} |`,
    `| per-pod feed entries bounded by the pods in view | ${check('feedPodsMax', podsInView)} |`,
  ].join('\n');
}
