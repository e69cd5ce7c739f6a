// A pod (as the API serves it) → one ContainerRow per container, in the order the pod
// runs them: init containers and sidecars in spec order, then the main containers, then
// ephemeral ones. Pure: the clock offset and live observations come in as arguments.
import type { ContainerKind, ContainerRow, LastState } from './types.js';
import type { ContainerJson, ContainerStateJson, ContainerStatusJson, PodJson } from './kubernetes-json.js';
import { hooksOf } from './kubernetes-hooks.js';
import { containerTermination, DEFAULT_GRACE_SECONDS, kubeletStopCauseOf, pastKubeletStop, podStopRequest, type ContainerNow, type PodObservations, type SidecarTurn } from './kubernetes-termination.js';
import { serverToLocal } from './server-time.js';
import { podStartProgress, type StartObservations } from './kubernetes-start.js';

export type { PodObservations, ContainerObservations, StopRequest } from './kubernetes-termination.js';

export interface PodMappingOptions {
  context: string;
  /** Server clock minus local clock (ms): server timestamps are moved onto the local clock. */
  clockOffsetMs?: number;
  /** How far off that offset may be: sightings that near a whole-second stamp still pin it. */
  clockUncertaintyMs?: number;
  observations?: PodObservations;
  /** What the feed saw of each container's start side (Started events, readiness, startup probe failures), by name. */
  starts?: Record<string, StartObservations>;
}

// Keys are joined, not templated: a template literal leaves a chain of V8 cons strings
// (~130 bytes a key against ~40 joined), and 50,000 pods keep a key per pod and per row.
export function podGroupKey(context: string, namespace: string, pod: string): string {
  return ['k8s', context, namespace, pod].join('/');
}

export function podIdentity(pod: PodJson): { namespace: string; name: string } {
  return { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' };
}

interface Slot {
  spec: ContainerJson;
  kind: ContainerKind;
  status?: ContainerStatusJson;
}

/** Containers in the order the pod runs them, each with its status when there is one. */
export function podContainers(pod: PodJson): Slot[] {
  const find = (list: ContainerStatusJson[] | undefined, name: string) => list?.find((s) => s.name === name);
  const status = pod.status ?? {};
  const seen = new Set<string>();
  const slots: Slot[] = [
    ...(pod.spec?.initContainers ?? []).map((spec) => ({
      spec,
      // Native sidecars are init containers that keep running (restartPolicy: Always).
      kind: (spec.restartPolicy === 'Always' ? 'sidecar' : 'init') as ContainerKind,
      status: find(status.initContainerStatuses, spec.name),
    })),
    ...(pod.spec?.containers ?? []).map((spec) => ({ spec, kind: 'main' as ContainerKind, status: find(status.containerStatuses, spec.name) })),
    ...(pod.spec?.ephemeralContainers ?? []).map((spec) => ({
      spec,
      kind: 'ephemeral' as ContainerKind,
      status: find(status.ephemeralContainerStatuses, spec.name),
    })),
  ];
  // The API keeps names unique across all three lists; a recording or object that does not
  // must still give one row per key (the first wins), or the store would mix two up.
  return slots.filter((slot) => !seen.has(slot.spec.name) && seen.add(slot.spec.name));
}

export function podToRows(pod: PodJson, options: PodMappingOptions): ContainerRow[] {
  const offset = options.clockOffsetMs ?? 0;
  const toLocal = (time: string | undefined) => serverToLocal(time, offset);
  const { namespace, name: podName } = podIdentity(pod);
  const groupKey = podGroupKey(options.context, namespace, podName);
  const slots = podContainers(pod);
  const initDone = initPhaseDone(slots);
  const stopRequest = podStopRequest(pod, offset, options.observations?.deletionSeenAt, options.observations?.stopRequest, options.clockUncertaintyMs);
  const createdAt = toLocal(pod.metadata?.creationTimestamp);
  // A recording or odd object may carry anything here: only names count.
  const finalizers = Array.isArray(pod.metadata?.finalizers) ? pod.metadata.finalizers.filter((f) => typeof f === 'string') : [];

  const rows = slots.map((slot, order): ContainerRow => {
    const { spec, kind, status } = slot;
    const hooks = hooksOf(spec);
    const current = status?.state ? mapState(status.state, toLocal) : pendingState(pod, kind, initDone);
    const row: ContainerRow = {
      key: [groupKey, spec.name].join('/'),
      groupKey,
      podUid: pod.metadata?.uid,
      source: 'kubernetes',
      context: options.context,
      namespace,
      group: podName,
      name: spec.name,
      kind,
      order,
      state: current.state,
      restartCount: status?.restartCount ?? 0,
      ready: status?.ready ?? false,
      hooks,
      defaultGraceSeconds: pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
    };
    assignDefined(row, {
      image: spec.image ?? status?.image,
      id: status?.containerID,
      reason: current.reason,
      message: current.message,
      exitCode: current.exitCode,
      signal: current.signal,
      startedAt: current.startedAt,
      finishedAt: current.finishedAt,
      createdAt,
    });
    const last = status?.lastState && hasState(status.lastState) ? mapState(status.lastState, toLocal) : undefined;
    if (last) row.lastState = last;
    if (finalizers.length) row.finalizers = finalizers;
    return row;
  });
  const specs = new Map(slots.map((slot) => [slot.spec.name, slot.spec]));
  const eviction = options.observations?.eviction;
  const terminate = (row: ContainerRow, turn?: SidecarTurn) => {
    const observed = options.observations?.containers?.[row.name];
    const now: ContainerNow = {
      state: row.state,
      exitCode: row.exitCode,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      hasPreStop: row.hooks.preStop !== undefined,
      preStopSeconds: row.hooks.preStopSeconds,
      preStopIsExec: row.hooks.preStop === 'exec',
      spec: specs.get(row.name),
    };
    if (row.lastState?.state === 'Terminated') now.last = { exitCode: row.lastState.exitCode, startedAt: row.lastState.startedAt, finishedAt: row.lastState.finishedAt };
    const termination = containerTermination(pod, now, stopRequest, observed, turn, eviction, options.clockUncertaintyMs);
    if (termination) {
      const signal = stopSignalOf(pod, row.name);
      if (signal) termination.stopSignal = signal;
      row.termination = termination;
    }
    // A stop no delete explains is the kubelet's own: name it on the row (a pod-wide cause,
    // a delete or a DisruptionTarget, replaces it later).
    const kubeletCause = termination && !stopRequest ? kubeletStopCauseOf(pod, observed, eviction) : undefined;
    if (kubeletCause) row.cause = kubeletCause;
    const past = pastKubeletStop(pod, now, observed, eviction, options.clockUncertaintyMs);
    if (past) row.lastStop = past;
  };
  // The start side (a running postStart, probes, init progress): kubernetes-start.ts.
  const starts = podStartProgress(
    pod,
    rows.map((row, i) => {
      const readinessFailure = options.observations?.containers?.[row.name]?.probeFailures?.readiness;
      return { spec: slots[i]!.spec, kind: row.kind, status: slots[i]!.status, state: row.state, startedAt: row.startedAt, hasPostStart: row.hooks.postStart !== undefined, ...(readinessFailure ? { readinessFailure } : {}) };
    }),
    options.starts ?? {},
    { clockOffsetMs: offset, clockUncertaintyMs: options.clockUncertaintyMs ?? 0 },
  );
  for (const row of rows) {
    const start = starts.get(row.name);
    if (start) row.start = start;
  }
  // Regular containers first: native sidecars stop after them, in reverse order, each
  // waiting for every regular container and every later sidecar.
  for (const row of rows) if (row.kind !== 'sidecar') terminate(row);
  const waitedFor: ContainerRow[] = rows.filter((r) => r.kind === 'main');
  for (const row of [...rows].reverse()) {
    if (row.kind !== 'sidecar') continue;
    terminate(row, sidecarTurn(waitedFor));
    waitedFor.push(row);
  }
  return rows;
}

/** Whether the containers a sidecar waits for still run, or when the last of them exited. */
function sidecarTurn(others: readonly ContainerRow[]): SidecarTurn {
  let othersRunning = false;
  let othersExitedAt: number | undefined;
  for (const other of others) {
    if (other.state === 'Running') othersRunning = true;
    const exit = other.termination?.exitedAt;
    if (exit !== undefined && (othersExitedAt === undefined || exit > othersExitedAt)) othersExitedAt = exit;
  }
  return othersExitedAt === undefined ? { othersRunning } : { othersRunning, othersExitedAt };
}

/**
 * The signal the runtime stops the container with when it is not TERM (KEP-4960, the
 * ContainerStopSignals gate). Only the status is believed: a runtime without CRI stop
 * signals (containerd before 2.1) ignores what the spec asks and sends the image's signal,
 * and the kubelet then reports none.
 */
function stopSignalOf(pod: PodJson, name: string): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const signal = statuses.find((s) => s.name === name)?.stopSignal;
  return signal && signal !== 'SIGTERM' ? signal : undefined;
}

function hasState(s: ContainerStateJson): boolean {
  return s.waiting !== undefined || s.running !== undefined || s.terminated !== undefined;
}

function mapState(s: ContainerStateJson, toLocal: (time: string | undefined) => number | undefined): LastState {
  if (s.terminated) {
    const t = s.terminated;
    const out: LastState = { state: 'Terminated' };
    assignDefined(out, {
      reason: t.reason,
      message: t.message,
      exitCode: t.exitCode,
      signal: t.signal ?? signalFromExitCode(t.exitCode),
      startedAt: toLocal(t.startedAt),
      finishedAt: toLocal(t.finishedAt),
    });
    return out;
  }
  if (s.running) {
    const out: LastState = { state: 'Running' };
    assignDefined(out, { startedAt: toLocal(s.running.startedAt) });
    return out;
  }
  const out: LastState = { state: 'Waiting' };
  assignDefined(out, { reason: s.waiting?.reason, message: s.waiting?.message });
  return out;
}

/** Shells report death by signal n as exit 128 + n (137 = KILL, 143 = TERM). */
function signalFromExitCode(exitCode: number | undefined): number | undefined {
  return exitCode !== undefined && exitCode > 128 && exitCode <= 128 + 64 ? exitCode - 128 : undefined;
}

/** Init containers all completed and sidecars started: main containers can be created. */
function initPhaseDone(slots: Slot[]): boolean {
  return slots.every((slot) => {
    if (slot.kind === 'init') return slot.status?.state?.terminated?.exitCode === 0;
    if (slot.kind === 'sidecar') return slot.status?.started === true || slot.status?.state?.running !== undefined;
    return true;
  });
}

/** A container without a status yet: say why, as kubectl would. */
function pendingState(pod: PodJson, kind: ContainerKind, initDone: boolean): LastState {
  if (pod.status?.reason && (pod.status.phase === 'Failed' || pod.status.phase === 'Succeeded')) {
    return { state: 'Waiting', reason: pod.status.reason, message: pod.status.message };
  }
  if (!pod.spec?.nodeName) {
    const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    return { state: 'Waiting', reason: unscheduled?.reason ?? 'Pending', message: unscheduled?.message };
  }
  if (kind === 'main' && !initDone) return { state: 'Waiting', reason: 'PodInitializing' };
  return { state: 'Waiting', reason: 'ContainerCreating' };
}

/** Copies only the defined values, so rows stay free of `key: undefined` noise. */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  // for…in, not Object.entries: no array of pairs per container per change.
  for (const key in values) {
    const value = values[key];
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
