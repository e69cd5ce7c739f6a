// The Kubernetes source's pure half: raw list/watch records in, sink calls out. It keeps
// per-pod memory across updates (when the delete was first seen, which exits were seen
// when, what events said about hooks), so a termination record survives every MODIFIED
// and a replay of the same records draws the same bars.
import type { ConnectionStatus, ContainerRow, LifecycleEvent } from '../lifecycle/types.js';
import type { EventJson, PodJson, WatchEventJson } from '../lifecycle/kubernetes-json.js';
import { podGroupKey, podIdentity, podToRows, type ContainerObservations, type PodObservations } from '../lifecycle/kubernetes.js';
import { rememberedStop, type RememberedStop } from '../lifecycle/kubernetes-termination.js';
import { refineByPromptObservation, SECOND_RESOLUTION_MS, serverToLocal } from '../lifecycle/server-time.js';
import type { Feed, SourceSink } from './source.js';
import type { RawRecord } from '../record/raw-record.js';
import { keyOf, PodRelations, RELATION_RECORD, splitKey, type RelationUpdate } from './kubernetes-pod-relations.js';
import { LOG_RECORD, type LogRecordData } from './kubernetes-stop-logs.js';
import { sharePodStrings, StringPool } from './shared-strings.js';
import { LOG_REASON } from '../lifecycle/pod-timeline.js';
import type { KubeletEviction, ProbeKind } from '../lifecycle/kubelet-stops.js';
import type { PodlifeDelete } from '../lifecycle/kubernetes-cause.js';
import { addStartupSighting, lastFinishServerMs, watchReadiness, type StartObservations } from '../lifecycle/kubernetes-start.js';

/** Record types this feed understands (the live source writes exactly these). */
export const K8S_RECORD = {
  podList: 'k8s.pods.list',
  pod: 'k8s.pod',
  eventList: 'k8s.events.list',
  event: 'k8s.event',
  status: 'status',
} as const;

/**
 * A pod list, or one page of a list that came in pages (limit/continue). A recording's
 * list without the page fields is a whole list in one piece.
 */
export interface PodListData {
  items: PodJson[];
  resourceVersion?: string;
  /** This page continues a list that earlier pages began. */
  continued?: boolean;
  /** More pages of this list follow. */
  more?: boolean;
  /** With `more`: the server's estimate of the pods still to come (remainingItemCount). */
  remainingItemCount?: number;
}

export interface EventListData {
  items: EventJson[];
  resourceVersion?: string;
}

interface PodMemory {
  uid?: string;
  pod?: PodJson;
  deletionSeenAt?: number;
  /** The deletionTimestamp the stop request was last derived from. */
  deletionTimestamp?: string;
  stop?: RememberedStop;
  /** This session's delete of the pod: between its request and the answer (local clock). */
  ownDelete?: { deletionTimestamp: string; from: number; by: number };
  /** The kubelet's Evicted event for this pod. */
  eviction?: KubeletEviction;
  /** Made on the first observation of one of its containers: most pods never have one, and an empty Map costs ~200 bytes. */
  containers?: Map<string, ContainerMemory>;
}

type ContainerMemory = ContainerObservations & { exitKey?: string; start?: StartObservations };

/**
 * Pods known only from their Killing / FailedPreStopHook events (not, or not yet, from the
 * pod watch). The event watch sees every pod of the namespace, also those a selector
 * hides, so these are capped (oldest forgotten first) and dropped at each relist.
 */
export const MAX_EVENT_ONLY_PODS = 1000;

/**
 * How long a deleted pod is remembered: the Killing event of a fast delete often comes
 * after the pod's DELETED, and must not give the gone pod memory here again (the store
 * still gets the event, for the dimmed row's timeline).
 */
export const DELETED_POD_MEMORY_MS = 60_000;

/**
 * Events each of whose repeats is a moment podlife places (each kill, each start and the
 * pull and create before it); a repeat of any other event replaces its earlier count.
 */
const EACH_OCCURRENCE_COUNTS = new Set(['Killing', 'Started', 'Created', 'Pulled', 'Pulling']);

export class KubernetesFeed implements Feed {
  private readonly pods = new Map<string, PodMemory>();
  /** Group keys of `pods` entries with no pod object, oldest first. */
  private readonly eventOnly = new Set<string>();
  /** Pods deleted while watched, by group key, oldest first: their uid and when the DELETED came. */
  private readonly deleted = new Map<string, { uid?: string; at: number }>();
  private readonly relations = new PodRelations();
  /** One copy of each string that repeats across the pods kept here. */
  private readonly strings = new StringPool();
  /** Group keys of the pods the pages of the list under way had so far. */
  private listed = new Set<string>();
  private clockOffsetMs = 0;
  private clockUncertaintyMs = 0;

  constructor(
    private readonly sink: SourceSink,
    private readonly context: string,
    private readonly maxEventOnlyPods = MAX_EVENT_ONLY_PODS,
  ) {}

  /** Pods this feed keeps memory of (the benchmark's stats line reports it). */
  get rememberedPods(): number {
    return this.pods.size;
  }

  apply(record: RawRecord): void {
    // Seen when its bytes arrived, where that was stamped apart from when it was taken in.
    const t = record.arrivedAt ?? record.t;
    switch (record.type) {
      case K8S_RECORD.podList:
        return this.applyPodList(record.data as PodListData, t);
      case K8S_RECORD.pod:
        return this.applyPodEvent(record.data as WatchEventJson<PodJson>, t);
      case K8S_RECORD.eventList:
        for (const item of (record.data as EventListData).items ?? []) this.applyEvent(item, t);
        return;
      case K8S_RECORD.event: {
        const data = record.data as WatchEventJson<EventJson> | EventJson;
        if ('object' in data && 'type' in data && typeof data.object === 'object') {
          // An event object's own TTL expiry says nothing about the pod.
          if (data.type === 'ADDED' || data.type === 'MODIFIED') this.applyEvent(data.object, t);
        } else {
          this.applyEvent(data as EventJson, t);
        }
        return;
      }
      case K8S_RECORD.status:
        return this.applyStatus(record.data as ConnectionStatus);
      case LOG_RECORD:
        return this.applyLogLine(record.data as LogRecordData, t);
      case RELATION_RECORD.podlifeDelete:
        // Its window first: the relations then map the pod again, naming the delete its cause.
        this.noteOwnDelete(record.data as PodlifeDelete);
        return this.applyRelationRecord(record, t);
      default:
        return this.applyRelationRecord(record, t);
    }
  }

  private applyRelationRecord(record: RawRecord, t: number): void {
    const update = this.relations.apply(record.type, record.data, t);
    if (update) this.applyRelations(update);
  }

  /** A stopping container's log line: an event of its pod, at the kubelet's stamp. */
  private applyLogLine(data: LogRecordData, t: number): void {
    const at = data.at ? serverToLocal(data.at, this.clockOffsetMs) : undefined;
    const event: LifecycleEvent = {
      at: at ?? t,
      groupKey: podGroupKey(this.context, data.namespace, data.pod),
      container: data.container,
      type: 'Normal',
      reason: LOG_REASON,
      message: data.truncated ? `${data.line} (further lines not read)` : data.line,
    };
    if (data.uid) event.uid = data.uid;
    this.sink.event(event);
    // A line bounds the exit from below: the pod's rows are mapped again with it.
    const memory = this.pods.get(event.groupKey);
    if (at === undefined || !memory?.pod || (data.uid && memory.uid && data.uid !== memory.uid)) return;
    const observed = this.containerMemory(memory, data.container);
    observed.lastLogAt = Math.max(observed.lastLogAt ?? at, at);
    this.sink.upsertGroup(event.groupKey, this.rowsOf(memory));
  }

  /** Endpoint moves become the pod's events; pods whose owner, cause or endpoints may have changed are mapped again. */
  private applyRelations({ endpointChanges, pods, remap }: RelationUpdate): void {
    for (const change of endpointChanges) {
      const event: LifecycleEvent = { at: change.at, groupKey: podGroupKey(this.context, change.namespace, change.pod), type: 'Normal', reason: change.reason, message: change.message };
      if (change.uid) event.uid = change.uid;
      this.sink.event(event);
    }
    if (remap === undefined) {
      // The usual case, one slice or one delete: only the pods it names, not a scan of all.
      for (const key of pods) {
        const groupKey = podGroupKey(this.context, ...splitKey(key));
        const memory = this.pods.get(groupKey);
        if (memory?.pod) this.sink.upsertGroup(groupKey, this.rowsOf(memory));
      }
      return;
    }
    for (const [groupKey, memory] of this.pods) {
      const pod = memory.pod;
      if (!pod) continue;
      const again = remap === 'all' || (remap === 'replicaset-owned' ? PodRelations.ownedByReplicaSet(pod) : this.relations.concerns(remap, pod));
      if (again || pods.has(keyOf(pod.metadata?.namespace ?? '', pod.metadata?.name ?? ''))) this.sink.upsertGroup(groupKey, this.rowsOf(memory));
    }
  }

  private applyStatus(status: ConnectionStatus): void {
    const previous = this.clockOffsetMs;
    if (status.clockOffsetMs !== undefined) this.clockOffsetMs = status.clockOffsetMs;
    if (status.clockOffsetUncertaintyMs !== undefined) this.clockUncertaintyMs = status.clockOffsetUncertaintyMs;
    this.sink.status(status);
    // Every server time moves with the offset: redraw pods when it changed noticeably. A
    // refinement inside the Date header's second (the first responses narrowing it) moves
    // a steady pod's times by less than the whole seconds they are stamped in, so only the
    // pods whose rows place moments to the sub-second are mapped again: at 50,000 pods,
    // mapping them all took seconds of the start.
    const change = Math.abs(this.clockOffsetMs - previous);
    if (change >= 50) {
      for (const [groupKey, memory] of this.pods) {
        if (memory.pod && (change >= SECOND_RESOLUTION_MS || !steady(memory))) this.sink.upsertGroup(groupKey, this.rowsOf(memory));
      }
    }
  }

  private applyPodList(list: PodListData, t: number): void {
    const first = !list.continued;
    const last = !list.more;
    if (first) this.listed = new Set();
    const rows: ContainerRow[] = [];
    for (const pod of list.items ?? []) {
      const groupKey = this.groupKeyOf(pod);
      this.listed.add(groupKey);
      rows.push(...this.remember(groupKey, pod, t));
    }
    if (last) {
      // Pods the relist does not have are gone or not in view; forget them, also those known
      // only from events (a relist is the moment the feed knows every pod in view).
      for (const groupKey of this.pods.keys()) if (!this.listed.has(groupKey)) this.pods.delete(groupKey);
      this.eventOnly.clear();
      this.listed = new Set();
    }
    // Each page is shown as it comes; the store drops what no page had once the last is in.
    if (first && last) this.sink.resync(rows);
    else this.sink.listPage(rows, { first, last });
  }

  private applyPodEvent(event: WatchEventJson<PodJson>, t: number): void {
    if (event.type === 'BOOKMARK' || event.type === 'ERROR' || !event.object) return;
    const groupKey = this.groupKeyOf(event.object);
    if (event.type === 'DELETED') {
      this.pods.delete(groupKey);
      this.eventOnly.delete(groupKey);
      this.rememberDeleted(groupKey, event.object.metadata?.uid, t);
      // A pod made again under this name (a StatefulSet's) was not deleted by this session.
      this.relations.forgetPod(event.object.metadata?.namespace ?? '', event.object.metadata?.name ?? '');
      this.sink.removeGroup(groupKey, t);
      return;
    }
    this.sink.upsertGroup(groupKey, this.remember(groupKey, event.object, t));
  }

  /** Stores the pod, notes first sightings (deletion, exits) and maps it to rows. */
  private remember(groupKey: string, pod: PodJson, t: number): ContainerRow[] {
    let memory = this.pods.get(groupKey);
    const uid = pod.metadata?.uid;
    // A new pod under an old name (or events that came first for another uid) starts afresh.
    if (!memory || (memory.uid !== undefined && uid !== undefined && memory.uid !== uid)) {
      memory = { uid };
      this.pods.set(groupKey, memory);
    }
    memory.uid = uid;
    sharePodStrings(pod, this.strings);
    memory.pod = pod;
    this.eventOnly.delete(groupKey);
    if (pod.metadata?.deletionTimestamp && memory.deletionSeenAt === undefined) memory.deletionSeenAt = t;
    this.rememberStop(memory, pod, t);
    const statuses = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.ephemeralContainerStatuses ?? []),
    ];
    // Readiness is watched only where a probe decides it (memory stays small on big clusters).
    const probed = new Set([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].filter((c) => c.readinessProbe).map((c) => c.name));
    for (const status of statuses) {
      if (probed.has(status.name)) watchReadiness((this.containerMemory(memory, status.name).start ??= {}), status, t);
      const terminated = status.state?.terminated;
      if (!terminated) continue;
      const exitKey = `${terminated.containerID ?? status.containerID ?? ''}@${terminated.finishedAt ?? ''}`;
      const observed = this.containerMemory(memory, status.name);
      if (observed.exitKey !== exitKey) {
        observed.exitKey = exitKey;
        observed.exitSeenAt = t;
      }
    }
    return this.rowsOf(memory);
  }

  /**
   * The first delete starts the stop. A later deletionTimestamp either shortens it (the
   * user deleted again with less grace: the kubelet honours the earlier deadline) or is
   * the kubelet's own grace-0 delete once every container has exited, which ends nothing
   * new and is ignored.
   */
  private rememberStop(memory: PodMemory, pod: PodJson, t: number): void {
    const stamp = pod.metadata?.deletionTimestamp;
    if (!stamp || stamp === memory.deletionTimestamp) return;
    memory.deletionTimestamp = stamp;
    const fresh = rememberedStop(pod, t);
    if (!fresh) return;
    if (!memory.stop) {
      memory.stop = withOwnDelete(fresh, memory);
      return;
    }
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    const stillRunning = statuses.some((s) => s.state?.running !== undefined);
    const oldDeadline = memory.stop.requestServerMs + memory.stop.graceSeconds * 1000;
    const newDeadline = fresh.requestServerMs + fresh.graceSeconds * 1000;
    if (stillRunning && newDeadline < oldDeadline) {
      memory.stop = { ...memory.stop, graceSeconds: Math.max(0, (newDeadline - memory.stop.requestServerMs) / 1000) };
    }
  }

  /**
   * This session deleted the pod: the delete was made between the request and its answer.
   * Not for a pod already seen stopping before the request went out (someone else's delete
   * came first; the answer then carries that one's deletionTimestamp).
   */
  private noteOwnDelete(d: PodlifeDelete): void {
    if (d.sentAt === undefined || d.answeredAt === undefined || !d.deletionTimestamp) return;
    const memory = this.pods.get(podGroupKey(this.context, d.namespace, d.name));
    if (!memory || (d.uid && memory.uid && d.uid !== memory.uid)) return;
    if (memory.deletionSeenAt !== undefined && memory.deletionSeenAt < d.sentAt) return;
    memory.ownDelete = { deletionTimestamp: d.deletionTimestamp, from: d.sentAt, by: d.answeredAt };
    if (memory.stop) memory.stop = withOwnDelete(memory.stop, memory);
  }

  private rowsOf(memory: PodMemory): ContainerRow[] {
    if (!memory.pod) return [];
    const containers: Record<string, ContainerObservations> = {};
    const starts: Record<string, StartObservations> = {};
    for (const [name, observed] of memory.containers ?? []) {
      containers[name] = observed;
      if (observed.start) starts[name] = observed.start;
    }
    const observations: PodObservations = { containers };
    if (memory.deletionSeenAt !== undefined) observations.deletionSeenAt = memory.deletionSeenAt;
    if (memory.stop) observations.stopRequest = memory.stop;
    if (memory.eviction) observations.eviction = memory.eviction;
    return this.relations.decorate(memory.pod, podToRows(memory.pod, { context: this.context, clockOffsetMs: this.clockOffsetMs, clockUncertaintyMs: this.clockUncertaintyMs, observations, starts }));
  }

  private applyEvent(event: EventJson, t: number): void {
    const involved = event.involvedObject;
    if (!involved?.name || (involved.kind !== undefined && involved.kind !== 'Pod')) return;
    const namespace = involved.namespace ?? event.metadata?.namespace ?? '';
    const groupKey = podGroupKey(this.context, namespace, involved.name);
    const container = containerFromFieldPath(involved.fieldPath);
    const serverAt = serverToLocal(event.eventTime ?? event.series?.lastObservedTime ?? event.lastTimestamp ?? event.firstTimestamp ?? event.metadata?.creationTimestamp, this.clockOffsetMs);
    // Seen live, the receive time pins the event within its whole-second stamp.
    const at = serverAt === undefined ? t : refineByPromptObservation(serverAt, t, this.clockUncertaintyMs);
    const lifecycleEvent: LifecycleEvent = {
      at,
      groupKey,
      type: event.type === 'Warning' ? 'Warning' : 'Normal',
      reason: event.reason ?? '',
      message: event.message ?? '',
    };
    if (container) lifecycleEvent.container = container;
    if (involved.uid) lifecycleEvent.uid = involved.uid;
    if (event.metadata?.uid && !EACH_OCCURRENCE_COUNTS.has(lifecycleEvent.reason)) lifecycleEvent.aggregateId = event.metadata.uid;
    let memory = this.pods.get(groupKey);
    // An event about an older pod of the same name says nothing about this one.
    if (memory && memory.uid !== undefined && involved.uid !== undefined && memory.uid !== involved.uid) return;
    this.sink.event(lifecycleEvent);
    if (this.isDeletedPod(groupKey, involved.uid)) return;

    if (!container && event.reason === KUBELET_EVICTED && event.source?.component !== 'taint-controller') {
      memory = this.podMemory(groupKey, involved.uid);
      memory.eviction = { at, message: event.message ?? '' };
      if (memory.pod) this.sink.upsertGroup(groupKey, this.rowsOf(memory));
      return;
    }
    if (!container || !OBSERVED_REASONS.has(event.reason ?? '')) return;
    if (event.reason === 'Unhealthy' && !probeFailureOf(event.message)) return;
    // A Started event matters only for a postStart hook (every container start posts one).
    if (event.reason === 'Started' && memory?.pod && !hasPostStart(memory.pod, container)) return;
    memory = this.podMemory(groupKey, involved.uid);
    const observed = this.containerMemory(memory, container);
    if (event.reason === 'FailedPreStopHook') observed.hookFailedAt = at;
    else if (START_REASONS.has(event.reason ?? '')) this.observeStart(memory, container, observed, event, t);
    else if (event.reason === 'Unhealthy') {
      const failure = probeFailureOf(event.message)!;
      observed.probeFailures = { ...observed.probeFailures, [failure.probe]: { at, message: failure.message, count: event.count ?? 1 } };
      if (failure.probe === 'startup') this.observeStart(memory, container, observed, event, t);
    } else {
      observed.killingAt = at;
      observed.killingSeenAt = t;
      // Stamped no later than it was seen: a second placed after the sighting is the clock offset's error.
      if (serverAt !== undefined) observed.killingStampAt = Math.min(serverAt, t);
      if (event.message) observed.killingMessage = event.message;
    }
    if (memory.pod) this.sink.upsertGroup(groupKey, this.rowsOf(memory));
  }

  /** The pod's memory; a pod known so far only from its events gets one, capped. */
  private podMemory(groupKey: string, uid: string | undefined): PodMemory {
    let memory = this.pods.get(groupKey);
    if (!memory) {
      memory = { uid };
      this.pods.set(groupKey, memory);
      this.rememberEventOnly(groupKey);
    }
    return memory;
  }

  /** Started / FailedPostStartHook / Unhealthy startup: kept on the server's clock for kubernetes-start.ts. */
  private observeStart(memory: PodMemory, container: string, observed: ContainerMemory, event: EventJson, t: number): void {
    const stamp = Date.parse(event.eventTime ?? event.series?.lastObservedTime ?? event.lastTimestamp ?? event.firstTimestamp ?? event.metadata?.creationTimestamp ?? '');
    if (Number.isNaN(stamp)) return;
    const start = (observed.start ??= {});
    if (event.reason === 'Started') {
      // The same event again (a relist, an unrelated update): its first sighting is the one that pins it.
      if (start.started?.stampServerMs === stamp) return;
      const statuses = [...(memory.pod?.status?.initContainerStatuses ?? []), ...(memory.pod?.status?.containerStatuses ?? [])];
      const finished = lastFinishServerMs(statuses.find((s) => s.name === container));
      start.started = { stampServerMs: stamp, seenAt: t, ...(finished !== undefined ? { finishedBeforeServerMs: finished } : {}) };
    } else if (event.reason === 'FailedPostStartHook') start.postStartFailedServerMs = stamp;
    else {
      const first = event.firstTimestamp ? Date.parse(event.firstTimestamp) : Number.NaN;
      start.startupFailures = addStartupSighting(start.startupFailures, {
        event: event.metadata?.name ?? '',
        ...(Number.isNaN(first) ? {} : { firstServerMs: first }),
        lastServerMs: stamp,
        count: event.count ?? 1,
        message: probeFailureOf(event.message)?.message ?? '',
      });
    }
  }

  private rememberDeleted(groupKey: string, uid: string | undefined, t: number): void {
    this.deleted.delete(groupKey); // to the end: oldest first
    this.deleted.set(groupKey, { ...(uid !== undefined ? { uid } : {}), at: t });
    for (const [oldest, { at }] of this.deleted) {
      if (t - at <= DELETED_POD_MEMORY_MS && this.deleted.size <= this.maxEventOnlyPods) break;
      this.deleted.delete(oldest);
    }
  }

  /**
   * The event is about a pod seen deleted, not come back: the same uid, or no uid given
   * (an event posted by hand) and no pod of that name since.
   */
  private isDeletedPod(groupKey: string, uid: string | undefined): boolean {
    const gone = this.deleted.get(groupKey);
    if (!gone || this.pods.get(groupKey)?.pod) return false;
    return uid === undefined || uid === gone.uid;
  }

  private rememberEventOnly(groupKey: string): void {
    this.eventOnly.add(groupKey);
    if (this.eventOnly.size <= this.maxEventOnlyPods) return;
    const oldest = this.eventOnly.values().next().value!;
    this.eventOnly.delete(oldest);
    this.pods.delete(oldest);
  }

  private containerMemory(memory: PodMemory, name: string): ContainerMemory {
    const observations = (memory.containers ??= new Map());
    let observed = observations.get(name);
    if (!observed) {
      observed = {};
      observations.set(name, observed);
    }
    return observed;
  }

  private groupKeyOf(pod: PodJson): string {
    const { namespace, name } = podIdentity(pod);
    return podGroupKey(this.context, namespace, name);
  }
}

/** The kubelet eviction manager's event reason (pkg/kubelet/eviction Reason). */
const KUBELET_EVICTED = 'Evicted';

function hasPostStart(pod: PodJson, container: string): boolean {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].some((c) => c.name === container && c.lifecycle?.postStart !== undefined);
}

/**
 * Running and ready, not stopping, with no stop or start observed: nothing on its rows
 * hinges on where in a server second a moment fell.
 */
function steady(memory: PodMemory): boolean {
  const pod = memory.pod;
  if (!pod || pod.metadata?.deletionTimestamp || memory.eviction) return false;
  for (const c of memory.containers?.values() ?? []) if (c.killingAt !== undefined || c.hookFailedAt !== undefined || c.start !== undefined) return false;
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.length > 0 && statuses.every((s) => s.ready === true && s.state?.running !== undefined);
}

/** Events that change a container's record, not only its event list. */
const OBSERVED_REASONS = new Set(['FailedPreStopHook', 'Killing', 'Unhealthy', 'Started', 'FailedPostStartHook']);
/** Of those, the start side's (kubernetes-start.ts). */
const START_REASONS = new Set(['Started', 'FailedPostStartHook']);

const PROBE_FAILURE = /^(Liveness|Readiness|Startup) probe (?:failed|errored)(?::\s*([\s\S]*))?$/;

/** "Liveness probe failed: HTTP probe failed with statuscode: 500" → the probe and its output (the prober's own wording). */
export function probeFailureOf(message: string | undefined): { probe: ProbeKind; message: string } | undefined {
  const match = PROBE_FAILURE.exec((message ?? '').trim());
  if (!match) return undefined;
  return { probe: match[1]!.toLowerCase() as ProbeKind, message: (match[2] ?? '').trim() };
}

/** `spec.containers{web}` / `spec.initContainers{init}` / `spec.ephemeralContainers{dbg}` → the name. */
export function containerFromFieldPath(fieldPath: string | undefined): string | undefined {
  const match = /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}$/.exec(fieldPath ?? '');
  return match?.[1];
}

/** The stop with this session's request window, when that request made it (same deletionTimestamp). */
function withOwnDelete(stop: RememberedStop, memory: PodMemory): RememberedStop {
  const own = memory.ownDelete;
  if (!own || own.deletionTimestamp !== memory.deletionTimestamp) return stop;
  return { ...stop, madeFrom: own.from, madeBy: own.by };
}
