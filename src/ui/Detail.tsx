import { Box, Text } from 'ink';
import { describeOutcome, killDueRange, terminationOutcome, viewTermination } from '../lifecycle/termination.js';
import { phaseLabel } from '../render/grace-bar-text.js';
import type { ConnectionStatus, ContainerRow, LifecycleEvent } from '../lifecycle/types.js';
import type { TimelineSegment } from '../lifecycle/timeline.js';
import { formatTimeline } from '../render/timeline-text.js';
import type { LifecycleWarning } from '../lifecycle/warnings.js';
import type { Transition } from '../store/row-history.js';
import { formatAge, formatClock, formatSeconds, signalName } from '../render/format.js';
import { fit } from '../render/widths.js';
import { stateColor, theme } from './theme.js';
import { ownerName } from '../lifecycle/kubernetes-cause.js';
import { lastStopText } from '../render/last-stop-text.js';
import { startDetailLines } from '../render/start-text.js';
import { podmanDetailNote } from '../render/engine-text.js';

export interface DetailProps {
  row: ContainerRow;
  events: readonly LifecycleEvent[];
  transitions: readonly Transition[];
  timeline: TimelineSegment[];
  warnings: readonly LifecycleWarning[];
  status?: ConnectionStatus;
  now: number;
  width: number;
  height: number;
}

/** Everything podlife knows about one container, like `kubectl describe` but live. */
export function Detail({ row, events, transitions, timeline, warnings, status, now, width, height }: DetailProps) {
  const lines = detailLines(row, transitions, status, now);
  const timelineLines = formatTimeline(timeline, now);
  const eventRoom = Math.max(0, height - lines.length - timelineLines.length - warnings.length - 3);
  const shownEvents = events.slice(-eventRoom);
  return (
    <Box flexDirection="column" width={width}>
      {lines.map(([label, value, color], i) => (
        <Text key={i} wrap="truncate-end">
          <Text bold>{fit(label, 14)}</Text>
          <Text color={color}>{value}</Text>
        </Text>
      ))}
      {warnings.map((w, i) => (
        <Text key={`w${i}`} wrap="truncate-end" color={w.severity === 'error' ? theme.danger : theme.warning}>
          <Text bold>{fit('Warning', 14)}</Text>
          {w.message}
        </Text>
      ))}
      <Text bold>Timeline (? = before podlife watched)</Text>
      {timelineLines.map((line, i) => (
        <Text key={`t${i}`} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text bold>Events {events.length === 0 ? (noAccessTo(status, 'events') ? '(none: no access to events)' : '(none seen)') : ''}</Text>
      {shownEvents.map((e, i) => (
        <Text key={i} wrap="truncate-end" color={e.type === 'Warning' ? theme.warning : undefined}>
          {formatClock(e.at)} {fit(e.reason, 20)} {e.container ? `[${e.container}] ` : ''}
          {e.message}
        </Text>
      ))}
    </Box>
  );
}

type Line = [label: string, value: string, color?: string];

function noAccessTo(status: ConnectionStatus | undefined, kind: string): boolean {
  return status?.noAccess?.includes(kind) === true;
}

export function detailLines(row: ContainerRow, transitions: readonly Transition[], status: ConnectionStatus | undefined, now: number): Line[] {
  const lines: Line[] = [];
  const groupLabel = row.source === 'docker' ? 'Project' : 'Pod';
  lines.push([groupLabel, `${row.group}${row.namespace ? `  (namespace ${row.namespace})` : ''}  context ${row.context}`]);
  lines.push(['Container', `${row.name} (${row.kind})${row.image ? `  image ${row.image}` : ''}${row.id ? `  id ${row.id.replace(/^\w+:\/\//, '').slice(0, 12)}` : ''}`]);
  const since = row.state === 'Running' ? row.startedAt : row.state === 'Terminated' ? row.finishedAt : undefined;
  lines.push(['State', `${row.state}${row.paused ? ' (paused)' : ''}${since ? ` since ${formatClock(since)} (${formatAge(now - since)})` : ''}${row.ready ? ', ready' : ''}${row.health ? `, health ${row.health}` : ''}`, stateColor(row)]);
  if (row.reason) lines.push(['Reason', row.reason]);
  if (row.message) lines.push(['Message', row.message]);
  if (row.exitCode !== undefined) lines.push(['Exit code', `${row.exitCode}${row.signal ? ` (${signalName(row.signal)})` : ''}`]);
  if (row.startedAt) lines.push(['Started', formatClock(row.startedAt)]);
  if (row.finishedAt) {
    const ran = row.startedAt ? ` (ran ${formatSeconds((row.finishedAt - row.startedAt) / 1000)})` : '';
    lines.push(['Finished', `${formatClock(row.finishedAt)}${ran}`]);
  }
  if (row.lastState) {
    const l = row.lastState;
    lines.push(['Last state', `${l.state} ${l.reason ?? ''}${l.exitCode !== undefined ? ` exit ${l.exitCode}` : ''}${l.startedAt ? ` started ${formatClock(l.startedAt)}` : ''}${l.finishedAt ? ` finished ${formatClock(l.finishedAt)}` : ''}`]);
  }
  lines.push(...startDetailLines(row, now));
  lines.push(['Restarts', String(row.restartCount)]);
  const hooks = [
    row.hooks.postStart && `postStart ${row.hooks.postStart}`,
    row.hooks.preStop && `preStop ${row.hooks.preStop}${row.hooks.preStopSeconds !== undefined ? ` (~${row.hooks.preStopSeconds}s)` : ''}`,
  ].filter(Boolean);
  if (row.source !== 'docker') lines.push(['Hooks', hooks.length ? hooks.join(', ') : 'none']);
  if (row.owner) lines.push(['Owner', `${ownerName(row.owner)}${row.owner.deployment ? ` (replicaset/${row.owner.name}${row.owner.revision !== undefined ? `, revision ${row.owner.revision}` : ''})` : ''}`]);
  // What the user may not read (RBAC) is said where it would be, not left empty.
  if (row.source === 'kubernetes' && noAccessTo(status, 'endpointslices')) lines.push(['Endpoints', 'unknown: no access to endpointslices', theme.muted]);
  if (row.source === 'kubernetes' && row.owner?.kind === 'ReplicaSet' && noAccessTo(status, 'replicasets')) lines.push(['', 'its Deployment is unknown: no access to replicasets', theme.muted]);
  if (row.source === 'kubernetes' && noAccessTo(status, 'pods/log')) lines.push(['Logs', 'not read: no access to pods/log (no last log lines in the timeline)', theme.muted]);
  if (row.endpoints?.length) lines.push(['Endpoints', row.endpoints.map((e) => `service ${e.service} (slice ${e.slice}): ${e.terminating ? 'terminating' : e.ready ? 'ready' : 'not ready'}`).join('; ')]);
  if (row.cause) lines.push(['Stopped by', row.cause.text, row.cause.kind === 'disruption' ? theme.warning : undefined]);
  if (row.lastStop) lines.push(['Last stop', `${lastStopText(row.lastStop)} at ${formatClock(row.lastStop.termination.requestedAt)} (${row.lastStop.cause.text})`]);
  if (row.termination) {
    const t = row.termination;
    const view = viewTermination(t, now);
    const kill = killDueRange(t);
    const killAt = kill.to > kill.from ? `${formatClock(kill.from)}–${formatClock(kill.to)}` : formatClock(kill.from);
    lines.push(['Termination', `requested ${formatClock(t.requestedAt)}, grace ${t.graceSeconds}s, KILL due ${killAt}, phase: ${phaseLabel(view, t)}${t.forced ? ' (forced)' : ''}`]);
    if (view.phase === 'hook-or-term') lines.push(['', `the API does not report when this ${row.hooks.preStop ?? ''} preStop ends; TERM follows it at once`, theme.muted]);
    const outcome = terminationOutcome(t);
    if (outcome) lines.push(['Outcome', describeOutcome(outcome), outcome.killed ? theme.danger : undefined]);
  }
  if (row.source === 'docker' && status?.engine?.kind === 'podman') lines.push(['Engine', podmanDetailNote(status.engine), theme.muted]);
  if (status?.clockOffsetMs !== undefined && Math.abs(status.clockOffsetMs) > 1000) {
    const ahead = status.clockOffsetMs > 0 ? 'ahead of' : 'behind';
    lines.push(['Clock skew', `server ${formatSeconds(Math.abs(status.clockOffsetMs) / 1000)} ${ahead} this machine (bars corrected)`, theme.warning]);
  }
  if (row.goneAt) lines.push(['Gone', `object removed at ${formatClock(row.goneAt)}`, theme.muted]);
  if (row.stale) lines.push(['Stale', 'the source is disconnected; this may be out of date', theme.danger]);
  if (transitions.length) {
    const readiness = (tr: Transition) => (tr.state === 'Running' && tr.ready !== undefined ? (tr.ready ? ' ready' : ' not ready') : '');
    lines.push(['Seen', transitions.map((tr) => `${formatClock(tr.at)} ${tr.state}${tr.reason ? ` ${tr.reason}` : ''}${readiness(tr)}`).join(' → ')]);
  }
  return lines;
}
