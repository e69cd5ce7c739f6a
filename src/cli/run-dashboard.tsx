// The dashboard: the Ink app on a terminal, printed output otherwise. Ink and React are
// loaded only for the terminal, and only once the source has sent its first requests:
// the cluster answers while they load.
import { LatencyProbe } from '../perf/latency.js';
import { noteNextFrameAt } from '../sources/next-frame.js';
import { watchDataStillComingMs } from '../sources/watch-arrivals.js';
import { requestsOnTheWire } from '../sources/requests-on-the-wire.js';
import { startStatsFile } from '../perf/stats.js';
import { readerHeap } from '../sources/stream-reader.js';
import { sizeYoungGenerationBy } from '../perf/young-generation.js';
import { Session } from '../session.js';
import { Store } from '../store/store.js';
import { FramePacer, HOLD_FRAME_MAX_MS, LIVE_BAR_MAX_FRAME_MS } from '../store/frame-pacer.js';
import type { Options } from './options.js';
import { resolveSource } from './resolve-source.js';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings.js';
import { applyUiSettings } from '../settings/apply-settings.js';

/**
 * The most the dashboard waits for its first requests to be sent: a local apiserver's TLS
 * exchange takes a few ms; a distant one's round trips would only hold Ink's load back.
 */
const REQUESTS_SENT_WAIT_MS = 30;

/**
 * The most the first frame waits for the sources' first answer once Ink is loaded: a
 * first frame drawn empty, ~20 ms of React's first render, held the rows back by as much.
 */
const FIRST_ANSWER_WAIT_MS = 50;

function storeChangedWithin(store: Store, maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    const unsubscribe = store.subscribe(done);
  });
}

export async function runDashboard(options: Options, settings: Settings = DEFAULT_SETTINGS): Promise<number> {
  applyUiSettings(settings);
  const probe = options.latencyLog ? new LatencyProbe(options.latencyLog) : undefined;
  const resolved = await resolveSource(options, probe?.tap);
  await resolved.preflight?.().catch(async (error: unknown) => {
    await resolved.dispose?.();
    throw error;
  });
  const interactive = process.stdout.isTTY && process.stdin.isTTY && options.output === undefined;
  // Frames spaced out while the process is busy (each Ink frame redraws the whole screen).
  const pacer = interactive ? new FramePacer() : undefined;
  const store = new Store({ clock: resolved.clock, goneRetentionMs: settings.goneRowSeconds * 1000, ...(pacer ? { frameMs: () => pacer.next(), liveBarFrameMs: LIVE_BAR_MAX_FRAME_MS, listed: () => pacer.restart(), nextFrameAt: noteNextFrameAt, holdFrame: { stillComingMs: watchDataStillComingMs, maxMs: HOLD_FRAME_MAX_MS } } : {}) });
  // Before the UI subscribes: the probe must hear of a delivery before the App renders it.
  if (probe) store.subscribe(probe.storeNotified);
  // Before the sources start: the first list's pods are what would grow it.
  sizeYoungGenerationBy(store);
  const session = new Session(store, resolved.provider, { context: resolved.context, namespace: resolved.namespace, readonly: options.readonly, followContextNamespace: options.namespace === undefined });
  const pruneTimer = setInterval(() => store.prune(), 5_000);
  pruneTimer.unref();
  const stopStats = startStatsFile(store, () => session.rememberedPods(), readerHeap);
  if (resolved.notice) process.stderr.write(`podlife: ${resolved.notice}\n`);
  try {
    session.start();
    if (!interactive) {
      if (options.output === undefined && process.stdout.isTTY) process.stderr.write('podlife: stdin is not a terminal, printing instead of drawing\n');
      // Ctrl-C / SIGTERM end a stream cleanly: the finally below closes the recording.
      const stopped = new Promise<number>((resolve) => {
        process.once('SIGINT', () => resolve(0));
        process.once('SIGTERM', () => resolve(0));
      });
      const { runHeadless } = await import('../output/headless.js');
      return await Promise.race([runHeadless(session, { format: options.output ?? 'table', once: options.once, columnChoice: settings.columns }), stopped]);
    }
    // The first requests on the wire before Ink's load holds the thread (requests-on-the-wire.ts).
    await requestsOnTheWire(REQUESTS_SENT_WAIT_MS);
    const { runInk } = await (await import('./load-ink.js')).loadInk();
    // The answer has usually come while Ink loaded: drawn in the first frame, not after an empty one.
    await storeChangedWithin(store, FIRST_ANSWER_WAIT_MS);
    return await runInk(session, resolved.label, probe, resolved.notice, settings);
  } finally {
    probe?.close();
    stopStats();
    clearInterval(pruneTimer);
    await session.close();
    await resolved.dispose?.();
  }
}
