// `podlife timeline pod/NAME [-n NS] [--watch] [-o json]`: where each container's time
// went, and the lifecycle warnings, from the pod, its Events and what podlife observed.
// --watch follows the pod until it is gone (e.g. while it is deleted elsewhere) and then
// prints the final timeline.
import type { TimelineSegment } from '../lifecycle/timeline.js';
import { formatTimeline } from '../render/timeline-text.js';
import type { ContainerRow } from '../lifecycle/types.js';
import type { LifecycleWarning } from '../lifecycle/warnings.js';
import { ownerName } from '../lifecycle/kubernetes-cause.js';
import { timelineFor, warningsForGroup } from '../store/warnings-and-timelines.js';
import type { Flags, Options } from './options.js';
import { openPodSession, podArgument, waitForPod, type PodSession } from './pod-session.js';

/** Events are listed beside pods; give the list a moment to land after the pods. */
const EVENTS_SETTLE_MS = 750;

export async function runTimeline(options: Options, args: string[], flags: Flags): Promise<number> {
  const pod = podArgument(args, 'podlife timeline pod/NAME [-n NAMESPACE] [--watch] [-o json]');
  const open = await openPodSession(options, pod, 'timeline');
  try {
    const rows = await waitForPod(open);
    await new Promise((r) => setTimeout(r, EVENTS_SETTLE_MS));
    if (flags.watch) await untilGone(open, rows[0]!.groupKey);
    const report = timelineReport(open, rows[0]!.groupKey);
    if (options.output === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else process.stdout.write(formatReport(report, open.store.clock()).join('\n') + '\n');
    return 0;
  } finally {
    await open.close();
  }
}

interface ContainerReport {
  container: string;
  kind: ContainerRow['kind'];
  state: ContainerRow['state'];
  reason?: string;
  exitCode?: number;
  segments: TimelineSegment[];
  warnings: LifecycleWarning[];
}

interface TimelineReport {
  pod: string;
  namespace: string;
  context: string;
  /** podlife saw nothing before this moment: earlier segments are marked unknown. */
  watchStartedAt: string;
  gone: boolean;
  owner?: ContainerRow['owner'];
  /** Why it stops, when it does. */
  cause?: ContainerRow['cause'];
  /** The EndpointSlices listing it when last seen. */
  endpoints?: ContainerRow['endpoints'];
  containers: ContainerReport[];
}

function timelineReport({ store, session, pod }: PodSession, groupKey: string): TimelineReport {
  const rows = store.groupRows(groupKey);
  const warnings = warningsForGroup(store, groupKey);
  return {
    pod,
    namespace: rows[0]?.namespace ?? session.namespace,
    context: session.context,
    watchStartedAt: new Date(session.watchStartedAt).toISOString(),
    gone: rows.every((r) => r.goneAt !== undefined),
    owner: rows[0]?.owner,
    cause: rows[0]?.cause,
    endpoints: rows[0]?.endpoints,
    containers: rows.map((row) => ({
      container: row.name,
      kind: row.kind,
      state: row.state,
      reason: row.reason,
      exitCode: row.exitCode,
      segments: timelineFor(store, row, session.watchStartedAt),
      warnings: warnings.filter((w) => w.container === row.name),
    })),
  };
}

function formatReport(report: TimelineReport, now: number): string[] {
  const lines = [`pod/${report.pod} in namespace ${report.namespace} (context ${report.context})${report.gone ? ', gone' : ''}`];
  if (report.owner) lines.push(`owner: ${ownerName(report.owner)}${report.owner.revision !== undefined ? ` revision ${report.owner.revision}` : ''}`);
  if (report.endpoints?.length) lines.push(`behind: ${report.endpoints.map((e) => `service ${e.service} (slice ${e.slice})`).join(', ')}`);
  if (report.cause) lines.push(`stopped by: ${report.cause.text}`);
  for (const c of report.containers) {
    lines.push('', `${c.container} (${c.kind}): ${c.state}${c.reason ? ` ${c.reason}` : ''}${c.exitCode !== undefined ? ` exit ${c.exitCode}` : ''}`);
    for (const w of c.warnings) lines.push(`  ${w.severity === 'error' ? '✗' : '!'} ${w.message}`);
    lines.push(...formatTimeline(c.segments, now).map((l) => `  ${l}`));
  }
  lines.push('', '? = before podlife watched or not reported by the cluster');
  return lines;
}

function untilGone({ store }: PodSession, groupKey: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const rows = store.groupRows(groupKey);
      if (rows.length > 0 && rows.every((r) => r.goneAt !== undefined)) {
        unsubscribe();
        resolve();
      }
    };
    const unsubscribe = store.subscribe(check);
    check();
  });
}
