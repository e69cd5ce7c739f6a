// scale50k: 50,000 pods over 100 namespaces (3 containers each), reached in steps; if the
// apiserver refuses a step, the largest count it held is measured and the refusal
// reported. Each tool, alone, all namespaces and then one: first full screen, the same
// less a bare paged LIST of the same pods (the floor under "the list completed"), peak RSS.
// Each launch waits for a quiet machine (the busy share it saw is in the table): a start
// is a few tenths of a second, and whatever the last run left working lands on it.
import { untilMachineQuiet } from '../lib/machine.mjs';
import { cpuSeconds, peakRssMb } from '../lib/proc.mjs';
import { driver, populateInSteps } from '../lib/driver.mjs';
import { KUBECONFIG, log, sleep } from '../lib/env.mjs';
import { median } from '../lib/numbers.mjs';
import { options } from '../lib/options.mjs';
import { statsLines } from '../lib/latency.mjs';
import { fmt, med, note, table, values } from '../lib/results.mjs';
import { launch } from '../lib/tools.mjs';

const ONE_NAMESPACE = 'bench-00';
/** A launch waits (up to 30 s) until at most this share of the machine's CPU is busy. */
const QUIET_SHARE = 0.1;

export async function scale50k() {
  const { reached, broke } = populateInSteps(options.scalePods, options.scaleNamespaces, options.scaleStep);
  if (broke) log(`the apiserver held ${reached} pods; the step to ${broke.at} failed: ${broke.message}`);
  const scopes = [
    { key: 'all', label: '-A', where: { kubeconfig: KUBECONFIG } },
    { key: 'ns', label: `-n ${ONE_NAMESPACE}`, where: { kubeconfig: KUBECONFIG, namespace: ONE_NAMESPACE } },
  ];
  const listed = {};
  for (let run = 1; run <= options.runs; run++) {
    for (const scope of scopes) {
      const bare = driver('list', scope.where.namespace ? ['-namespace', scope.where.namespace] : []);
      (listed[scope.key] ??= []).push(bare.seconds);
      log(`scale ${reached} run ${run} bare LIST ${scope.label}: ${JSON.stringify(bare)}`);
      for (const tool of options.tools) {
        const busy = await untilMachineQuiet({ maxBusy: QUIET_SHARE });
        note('scale50k', tool, `busy_${scope.key}`, run, busy * 100);
        if (busy > QUIET_SHARE) log(`scale ${scope.label} run ${run} ${tool}: the machine stayed ${(busy * 100).toFixed(0)} % busy; launched anyway`);
        const launchedAt = Date.now();
        const { handle, seconds } = await launch(tool, `scale-${scope.key}-${run}`, scope.where, options.fullTimeoutSeconds);
        note('scale50k', tool, `full_${scope.key}`, run, seconds);
        note('scale50k', tool, `afterList_${scope.key}`, run, seconds === undefined ? undefined : seconds - bare.seconds);
        note('scale50k', tool, `cpu_${scope.key}`, run, cpuSeconds(handle.pid));
        // podlife draws before its list ends: its peak is read once the whole list is in (its
        // stats line says when), as the others' is (they draw nothing before).
        if (handle.statsFile) await wholeListIn(handle.statsFile, options.fullTimeoutSeconds);
        await sleep(options.scaleSettleSeconds * 1000);
        note('scale50k', tool, `rss_${scope.key}`, run, peakRssMb(handle.pid));
        await handle.stop();
        // podlife says when its own list was in (PODLIFE_STATS_FILE, last line written on exit).
        const last = handle.statsFile ? statsLines(handle.statsFile).at(-1) : undefined;
        // Negative: the screen was full before the list was (pages are drawn as they come).
        if (last?.listedAt !== undefined && seconds !== undefined) note('scale50k', tool, `afterOwnList_${scope.key}`, run, (launchedAt + seconds * 1000 - last.listedAt) / 1000);
        if (last?.firstPageAt !== undefined) note('scale50k', tool, `firstPage_${scope.key}`, run, (last.firstPageAt - launchedAt) / 1000);
        if (last?.listedAt !== undefined) note('scale50k', tool, `ownList_${scope.key}`, run, (last.listedAt - launchedAt) / 1000);
        log(`scale ${reached} ${scope.label} run ${run} ${tool}: full screen ${seconds?.toFixed(2)} s, peak rss ${values('scale50k', tool, `rss_${scope.key}`)[run - 1]?.toFixed(0)} MB`);
        await sleep(1_000);
      }
    }
  }
  const rows = [];
  for (const scope of scopes) {
    rows.push(
      [`${scope.label}: machine busy just before launch (% of all cores)`, `busy_${scope.key}`, 0, false],
      [`${scope.label}: first full screen (s)`, `full_${scope.key}`, 2],
      [`${scope.label}: first full screen − bare LIST (s)`, `afterList_${scope.key}`, 2],
      [`${scope.label}: podlife's first page in, from launch (s)`, `firstPage_${scope.key}`, 2],
      [`${scope.label}: podlife's whole list in, from launch (s)`, `ownList_${scope.key}`, 2],
      [`${scope.label}: first full screen − podlife's own list in (s; negative: before it)`, `afterOwnList_${scope.key}`, 2],
      [`${scope.label}: CPU s until then`, `cpu_${scope.key}`, 2],
      [`${scope.label}: peak RSS, ${options.scaleSettleSeconds} s after the whole list was in (MB)`, `rss_${scope.key}`, 0],
    );
  }
  const held = broke
    ? `**The apiserver held ${reached.toLocaleString('en')} pods, not ${options.scalePods.toLocaleString('en')}:** the step to ${broke.at.toLocaleString('en')} failed (${broke.message}${broke.figures ? `; driver: ${JSON.stringify(broke.figures)}` : ''}). The figures below are at ${reached.toLocaleString('en')}.`
    : `The apiserver held all ${reached.toLocaleString('en')} pods.`;
  const listLine = `Bare paged LIST (500 a page, decoding only the page envelope), median: -A ${fmt(median(listed.all ?? []), 2)} s, -n ${ONE_NAMESPACE} ${fmt(median(listed.ns ?? []), 2)} s.`;
  return {
    title: `Scale: ${reached.toLocaleString('en')} pods over ${options.scaleNamespaces} namespaces`,
    body: [held, listLine, '', table('scale50k', options.tools, rows), targets(reached)].join('\n'),
  };
}

/** Waits until podlife's stats line (written every 5 s) has the moment its whole list was in. */
async function wholeListIn(statsFile, timeoutSeconds) {
  const until = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < until) {
    try {
      if (statsLines(statsFile).some((line) => line.listedAt !== undefined)) return;
    } catch {
      // A line half written as it was read: read again.
    }
    await sleep(500);
  }
  log(`podlife's stats never said its list was in (${statsFile}); its RSS is read now`);
}

function targets(reached) {
  if (!options.tools.includes('podlife')) return '';
  // podlife's own moment the list was in when it reported one, else the bare LIST's floor.
  const at = reached.toLocaleString('en');
  const check = (figure, bound, unit, digits) => {
    const v = med('scale50k', 'podlife', figure);
    return v === undefined ? '–' : `${v <= bound ? 'met' : 'not met'}: ${v.toFixed(digits)} ${unit}`;
  };
  return [
    '',
    '| target | result |',
    '| --- | --- |',
    `| ${at} pods -A: first full screen ≤ 1.0 s from launch | ${check('full_all', 1.0, 's', 2)} |`,
    `| ${at} pods -A: peak RSS ≤ 400 MB | ${check('rss_all', 400, 'MB', 0)} |`,
    `| one namespace (${ONE_NAMESPACE}): first full screen ≤ 0.35 s | ${check('full_ns', 0.35, 's', 2)} |`,
    `| one namespace: peak RSS ≤ 100 MB | ${check('rss_ns', 100, 'MB', 0)} |`,
  ].join('\n');
}
