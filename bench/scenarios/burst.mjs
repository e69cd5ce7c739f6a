// burst: 100 pods deleted in one burst, as a drain or a rollout makes them, with podlife on
// their namespace. No kubelet runs the bench's pods, so each stays Terminating and podlife's
// bar switches to "KILL due" when the grace period runs out: a switch podlife predicts and
// draws from its own timer. Measured, per container row on screen: when the pane first
// showed "KILL due", against the deadline the apiserver set. The deadline is the moment
// the apiserver handled the DELETE plus the grace period, somewhere between the request's
// send and its answer, so each row's lateness is given as a range; the figure compared
// with the target is the upper end (against the send), for the last row to switch.
// podlife alone: k9s and `kubectl get -w` draw no predicted moments to time.
import { cpuSeconds } from '../lib/proc.mjs';
import { driver, driverAsync, population } from '../lib/driver.mjs';
import { KUBECONFIG, log, sleep } from '../lib/env.mjs';
import { latencyFigures } from '../lib/latency.mjs';
import { median } from '../lib/numbers.mjs';
import { options } from '../lib/options.mjs';
import { fmt, med, note, table } from '../lib/results.mjs';
import { TmuxControlReader } from '../lib/tmux-control.mjs';
import { launch, TMUX } from '../lib/tools.mjs';

const NAMESPACE = 'bench-00';
/** `pod  container  …  [███░░] label`: the rows with a grace bar. */
const BAR_ROW = /^[\s!]*?(?:! )?\s*(pod-\d{5})\s+(\S+)\s.*?\[[█░]+\] (.+?)\s*$/;
const READ_EVERY_MS = 20;

/** Reads the pane until stopped; keeps, per row, the first read that showed "KILL due" and the read before it. */
function watchSwitches(session) {
  const reader = new TmuxControlReader(TMUX, session);
  const firstKillDue = new Map();
  const withBar = new Set();
  let stopped = false;
  let lastAsked = Date.now();
  const done = (async () => {
    while (!stopped) {
      const asked = Date.now();
      const text = await reader.read();
      const at = Date.now();
      for (const line of text.split('\n')) {
        const m = BAR_ROW.exec(line);
        if (!m) continue;
        const row = `${m[1]}/${m[2]}`;
        withBar.add(row);
        if (m[3].startsWith('KILL due') && !firstKillDue.has(row)) firstKillDue.set(row, { at, before: lastAsked, pod: m[1] });
      }
      lastAsked = asked;
      await sleep(READ_EVERY_MS);
    }
  })();
  return {
    firstKillDue,
    withBar,
    stop: async () => {
      stopped = true;
      await done.catch(() => {});
      reader.close();
    },
  };
}

export async function burst() {
  population(options.pods, options.namespaces);
  const grace = options.burstGraceSeconds;
  for (let run = 1; run <= options.runs; run++) {
    const { handle } = await launch('podlife', `burst-${run}`, { kubeconfig: KUBECONFIG, namespace: NAMESPACE }, options.fullTimeoutSeconds);
    await sleep(3_000);
    const switches = watchSwitches(handle.session);
    const cpu0 = cpuSeconds(handle.pid);
    const from = Date.now();
    const deleted = await driverAsync('burst', ['-count', String(options.burstPods), '-grace', String(grace), '-in-flight', String(options.burstInFlight), '-namespaces', String(options.namespaces)]);
    // Every row that showed a bar switches: wait for that, or give up 10 s after the last deadline.
    const lastDeadline = Math.max(...Object.values(deleted.pods).map((p) => p.answered)) + grace * 1000;
    while (Date.now() < lastDeadline + 10_000 && (switches.withBar.size === 0 || [...switches.withBar].some((row) => !switches.firstKillDue.has(row)))) await sleep(100);
    await switches.stop();
    const cpu = cpuSeconds(handle.pid) - cpu0;
    // podlife's own part: each watch record to the frame that first drew it.
    const frames = latencyFigures(handle.latencyLog, from, Date.now());
    const timings = Object.values(deleted.pods);
    const answeredWithinMs = Math.max(...timings.map((p) => p.answered)) - Math.min(...timings.map((p) => p.sent));
    const late = [];
    for (const [row, seen] of switches.firstKillDue) {
      const pod = deleted.pods[seen.pod];
      if (!pod) continue; // a row of a pod not deleted in this burst
      late.push({ row, upper: seen.at - (pod.sent + grace * 1000), lower: seen.before - (pod.answered + grace * 1000) });
    }
    const missing = [...switches.withBar].filter((row) => !switches.firstKillDue.has(row));
    const uppers = late.map((l) => l.upper).sort((a, b) => a - b);
    note('burst', 'podlife', 'rows', run, late.length);
    note('burst', 'podlife', 'missed', run, missing.length);
    note('burst', 'podlife', 'lastLate', run, uppers.at(-1));
    note('burst', 'podlife', 'medianLate', run, median(uppers));
    note('burst', 'podlife', 'lastLateLower', run, Math.max(...late.map((l) => l.lower)));
    // Drawn before the deadline could have come: a claim ahead of the node's, worse than late.
    const early = late.filter((l) => l.upper < 0);
    note('burst', 'podlife', 'early', run, early.length);
    note('burst', 'podlife', 'mostEarly', run, early.length ? -Math.min(...early.map((l) => l.upper)) : 0);
    note('burst', 'podlife', 'cpu', run, cpu);
    note('burst', 'podlife', 'answered', run, answeredWithinMs);
    note('burst', 'podlife', 'p99', run, frames.p99);
    note('burst', 'podlife', 'maxFrame', run, frames.max);
    log(`burst run ${run}: ${timings.length} deletes answered within ${answeredWithinMs} ms; ${late.length} rows switched on screen, ${missing.length} never did; last ${fmt(uppers.at(-1), 0)} ms late at most, ${fmt(Math.max(...late.map((l) => l.lower)), 0)} at least, median ${fmt(median(uppers), 0)} ms at most; ${early.length} early; event→frame p99 ${fmt(frames.p99, 0)} ms, max ${fmt(frames.max, 0)} ms; cpu ${cpu.toFixed(2)} s`);
    await handle.stop();
    // The deleted pods go (no kubelet would end their graceful delete) and come back for the next run.
    driver('burst', ['-count', String(options.burstPods), '-grace', '0', '-namespaces', String(options.namespaces)]);
    driver('populate', ['-pods', String(options.burstPods * options.namespaces), '-namespaces', String(options.namespaces)]);
    await sleep(1_000);
  }
  const last = med('burst', 'podlife', 'lastLate');
  return {
    title: `Burst: ${options.burstPods} deletes at once (grace ${grace} s), podlife on their namespace`,
    body: [
      `Each run deletes the first ${options.burstPods} pods of ${NAMESPACE} (of ${options.pods.toLocaleString('en')}), one DELETE each, ${options.burstInFlight > 0 ? `${options.burstInFlight} in flight at a time (each pod's deadline is then known to a request's latency)` : 'all at once'}. The pane (200×50) is read every ${READ_EVERY_MS} ms through a tmux control client; a row's lateness is when it first showed "KILL due" minus its deadline (the apiserver's handling of the DELETE, taken as the request's send for the upper figure and its answer for the lower one, plus the grace period).`,
      '',
      table('burst', ['podlife'], [
        ['rows timed (on screen)', 'rows', 0],
        ['rows that never switched', 'missed', 0],
        ['last switch on screen: ms late, at most', 'lastLate', 0],
        ['last switch on screen: ms late, at least', 'lastLateLower', 0],
        ['median row: ms late, at most', 'medianLate', 0],
        ['rows switched before their deadline (early)', 'early', 0],
        ['the earliest of those: ms early, at least', 'mostEarly', 0],
        ['the 100 DELETEs: first sent to last answered (ms)', 'answered', 0],
        ['event→frame during the burst: p99 (ms)', 'p99', 0],
        ['event→frame during the burst: max (ms)', 'maxFrame', 0],
        ['CPU s, burst to last switch', 'cpu', 2],
      ]),
      '',
      '| target | result |',
      '| --- | --- |',
      `| burst of 100 deletes: last predicted switch on screen ≤ 100 ms late | ${last === undefined ? '–' : `${last <= 100 ? 'met' : 'not met'}: ${last.toFixed(0)} ms at most`} |`,
    ].join('\n'),
  };
}
