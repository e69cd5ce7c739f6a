// The summary `podlife rollout` ends with: the rollout's result, and for each old pod its
// cause, when its endpoint left rotation relative to TERM, and how each container ended.
import { endpointEvents, endpointGap } from '../lifecycle/endpoints.js';
import type { ReplicaSetInfo } from '../lifecycle/kubernetes-cause.js';
import type { RolloutStatus } from '../lifecycle/rollout.js';
import { describeOutcome, terminationOutcome } from '../lifecycle/termination.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { warningsForGroup } from '../store/warnings-and-timelines.js';
import type { Store } from '../store/store.js';
import { EXIT } from './exit-codes.js';


export interface ContainerStop {
  container: string;
  /** "preStop 3.0 s, exited 0 after 3.1 s of 30 s" */
  outcome?: string;
  exitCode?: number;
  killed: boolean;
  /** TERM minus the moment a slice took the endpoint out of rotation, in seconds (negative: TERM first). */
  endpointBeforeTermSeconds?: number;
  termEstimated?: boolean;
  outOfRotation?: string;
  /** No EndpointSlice ever listed the pod while podlife watched (no Service selects it, or its controller could not publish it). */
  inNoSlice?: boolean;
}

export interface OldPodReport {
  pod: string;
  revision?: number;
  cause?: string;
  gone: boolean;
  containers: ContainerStop[];
  warnings: string[];
}

export interface RolloutReport {
  deployment: string;
  namespace: string;
  context: string;
  result: RolloutStatus['phase'];
  message: string;
  fromRevision?: number;
  toRevision?: number;
  seconds?: number;
  /** False when it was already rolling as podlife began: seconds count from then, not from its start. */
  sawStart?: boolean;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  replicaSets: { name: string; revision?: number; desired: number; ready: number }[];
  oldPods: OldPodReport[];
  newPods: { pod: string; ready: boolean }[];
  exitCode: number;
}

export function oldPodReport(store: Store, groupKey: string, pod: string, revision: number | undefined): OldPodReport {
  const rows = store.groupRows(groupKey);
  const events = store.eventsFor(groupKey);
  const report: OldPodReport = {
    pod,
    gone: rows.length > 0 && rows.every((r) => r.goneAt !== undefined),
    containers: rows.filter((r) => r.kind !== 'init').map((row) => containerStop(row, events)),
    warnings: warningsForGroup(store, groupKey).map((w) => `${w.container}: ${w.message}`),
  };
  if (revision !== undefined) report.revision = revision;
  const cause = rows[0]?.cause?.text;
  if (cause) report.cause = cause;
  return report;
}

function containerStop(row: ContainerRow, events: ReturnType<Store['eventsFor']>): ContainerStop {
  const t = row.termination;
  const outcome = t && terminationOutcome(t);
  const stop: ContainerStop = { container: row.name, killed: outcome?.killed ?? false };
  if (outcome) stop.outcome = describeOutcome(outcome);
  const exitCode = t?.exitCode ?? (row.state === 'Terminated' ? row.exitCode : undefined);
  if (exitCode !== undefined) stop.exitCode = exitCode;
  const gap = endpointGap(row, events);
  if (!gap && !row.endpoints?.length && endpointEvents(events, row).length === 0) stop.inNoSlice = true;
  if (gap) {
    stop.endpointBeforeTermSeconds = Math.round(gap.gapMs) / 1000;
    stop.termEstimated = gap.term.estimated;
    stop.outOfRotation = gap.mark.message;
  }
  return stop;
}

/** Stalled, else the worst old pod's outcome as `delete --watch` counts it (KILLed, then failed), else 0. */
export function exitCodeOf(result: RolloutStatus['phase'], oldPods: readonly OldPodReport[]): number {
  if (result === 'stalled') return EXIT.stalled;
  const stops = oldPods.flatMap((p) => p.containers);
  if (stops.some((c) => c.killed)) return EXIT.killed;
  if (stops.some((c) => c.exitCode !== undefined && c.exitCode !== 0)) return EXIT.failed;
  return EXIT.ok;
}

export function replicaSetSummary(list: readonly ReplicaSetInfo[]): RolloutReport['replicaSets'] {
  return list.map((rs) => ({ name: rs.name, revision: rs.revision, desired: rs.desired, ready: rs.ready }));
}

export function formatReport(r: RolloutReport): string[] {
  const revisions = r.fromRevision !== undefined && r.toRevision !== undefined && r.fromRevision !== r.toRevision ? ` revision ${r.fromRevision} → ${r.toRevision}` : r.toRevision !== undefined ? ` revision ${r.toRevision}` : '';
  const took = r.seconds === undefined ? '' : r.sawStart ? ` in ${r.seconds.toFixed(1)} s` : ` ${r.seconds.toFixed(1)} s after podlife began watching (it was already rolling out)`;
  const head =
    r.result === 'complete'
      ? `rollout of deployment/${r.deployment}${revisions} complete${took}`
      : r.result === 'stalled'
        ? `rollout of deployment/${r.deployment}${revisions} STALLED${took}: ${r.message}`
        : `rollout of deployment/${r.deployment}${revisions} in progress: ${r.message}`;
  const lines = [head, `  ${r.updated}/${r.desired} updated, ${r.ready} ready, ${r.available} available (namespace ${r.namespace}, context ${r.context})`];
  lines.push(`  replicasets: ${r.replicaSets.map((rs) => `${rs.name} (rev ${rs.revision ?? '?'}) ${rs.ready} ready of ${rs.desired}`).join(' · ') || 'none seen'}`);
  lines.push(r.oldPods.length ? `old pods (${r.oldPods.length}):` : 'old pods: none seen stopping');
  for (const pod of r.oldPods) {
    lines.push(`  ${pod.pod}${pod.revision !== undefined ? ` (rev ${pod.revision})` : ''}${pod.gone ? '' : ' (still there)'}: ${pod.cause ?? 'cause not known yet'}`);
    for (const c of pod.containers) {
      const endpoint =
        c.endpointBeforeTermSeconds === undefined
          ? c.inNoSlice
            ? 'endpoint: no EndpointSlice listed the pod'
            : 'endpoint: no out-of-rotation mark seen'
          : c.endpointBeforeTermSeconds >= 0
            ? `endpoint out of rotation ${c.endpointBeforeTermSeconds.toFixed(1)} s before TERM${c.termEstimated ? ' (TERM estimated)' : ''}`
            : `TERM ${(-c.endpointBeforeTermSeconds).toFixed(1)} s BEFORE the endpoint left rotation${c.termEstimated ? ' (TERM estimated)' : ''}`;
      lines.push(`    ${c.container}: ${c.outcome ?? 'not stopped yet'}; ${endpoint}`);
    }
    for (const w of pod.warnings) lines.push(`    ! ${w}`);
  }
  const killed = r.oldPods.flatMap((p) => p.containers.filter((c) => c.killed).map((c) => `${p.pod}/${c.container}`));
  lines.push(`KILLed at the deadline: ${killed.length ? killed.join(', ') : 'none'}`);
  lines.push(`new pods: ${r.newPods.map((p) => `${p.pod}${p.ready ? ' Ready' : ' not ready'}`).join(', ') || 'none seen'}`);
  return lines;
}
