// What a recording keeps: only the fields podlife's mapping reads, by allowlist, so
// nothing secret can slip in through a field nobody thought of. Environment values,
// volumes, Secret references' contents, service-account tokens, annotations (including
// kubectl's last-applied-configuration), managedFields, commands and arguments of the
// main process are all dropped. Lifecycle hooks are kept (they are what podlife shows):
// an exec hook's command (the one piece of spec text that stays: it tells a `sleep N`),
// a sleep's seconds, an httpGet's or tcpSocket's port; never an httpGet's headers or path
// (an Authorization header, a token in a query string). Of probes, only their timing
// (period, thresholds, the kill's grace), which the start and stop sides count with. Of Docker's State, the
// health-check output (Health.Log's Output) is dropped, and of its exec events the command the
// action names (a health check's, tokens and all).
import type { RawRecord } from './raw-record.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

const present = (value: unknown) => value !== undefined;

/** The listed fields the source has (those `keep` accepts: by default, every defined one). */
function pick(source: unknown, keys: string[], keep: (value: unknown) => boolean = present): Json | undefined {
  const o = obj(source);
  if (!o) return undefined;
  const out: Json = {};
  for (const k of keys) if (keep(o[k])) out[k] = o[k];
  return out;
}

const POD_META = ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'finalizers', 'generateName'];
const CONTAINER_SPEC = ['name', 'image', 'restartPolicy'];

function redactHandler(handler: unknown): Json | undefined {
  const h = obj(handler);
  if (!h) return undefined;
  return { exec: pick(h.exec, ['command']), sleep: pick(h.sleep, ['seconds']), httpGet: pick(h.httpGet, ['port', 'scheme']), tcpSocket: pick(h.tcpSocket, ['port']) };
}

/** A probe's timing (when it fails, how long its kill's grace is), never its command, URL or headers. */
const PROBE_TIMING = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

function redactContainer(container: unknown): Json | undefined {
  const c = pick(container, CONTAINER_SPEC);
  const lifecycle = obj(obj(container)?.lifecycle);
  if (c && lifecycle) c.lifecycle = { postStart: redactHandler(lifecycle.postStart), preStop: redactHandler(lifecycle.preStop), stopSignal: lifecycle.stopSignal };
  for (const probe of PROBES) {
    const timing = pick(obj(container)?.[probe], PROBE_TIMING);
    if (c && timing) c[probe] = timing;
  }
  return c;
}
const OWNER_REF = ['apiVersion', 'kind', 'name', 'uid', 'controller'];

/** The owner references (who controls it), without anything else of the metadata's maps. */
function metaWithOwners(meta: unknown, keys: string[]): Json | undefined {
  const kept = pick(meta, keys);
  const owners = arr(obj(meta)?.ownerReferences)?.map((r) => pick(r, OWNER_REF));
  return kept && owners ? { ...kept, ownerReferences: owners } : kept;
}

export function redactPod(pod: unknown): Json | undefined {
  const p = obj(pod);
  if (!p) return undefined;
  const spec = obj(p.spec) ?? {};
  const containers = (key: string) => arr(spec[key])?.map(redactContainer);
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: metaWithOwners(p.metadata, POD_META),
    spec: {
      initContainers: containers('initContainers'),
      containers: containers('containers'),
      ephemeralContainers: containers('ephemeralContainers'),
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
      nodeName: spec.nodeName,
      restartPolicy: spec.restartPolicy,
    },
    status: podStatus(p.status),
  };
}

const POD_STATUS = ['phase', 'reason', 'message'];
const CONDITION = ['type', 'status', 'reason', 'message', 'lastTransitionTime'];
/** The pod conditions podlife reads (unscheduled, containers ready since, why a pod is stopped); not Ready, Initialized, PodReadyToStartContainers. */
const CONDITION_TYPES_READ = new Set(['PodScheduled', 'ContainersReady', 'DisruptionTarget']);
// Not startTime, nor a status's imageID, volumeMounts, resources or user: read by nothing,
// and the feed keeps every pod's.
const CONTAINER_STATUS = ['name', 'state', 'lastState', 'ready', 'started', 'restartCount', 'image', 'containerID', 'stopSignal'];
const STATUS_LISTS = ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'];

/** A container status; an empty state (`lastState: {}` of every container that never restarted) is left out. */
const containerStatus = (status: unknown) => pick(status, CONTAINER_STATUS, (value) => value !== undefined && !(obj(value) && Object.keys(value as Json).length === 0));

function podStatus(status: unknown): Json | undefined {
  const kept = pick(status, POD_STATUS);
  if (!kept) return undefined;
  const conditions = arr(obj(status)?.conditions)?.filter((c) => CONDITION_TYPES_READ.has(String(obj(c)?.type))).map((c) => pick(c, CONDITION));
  if (conditions) kept.conditions = conditions;
  for (const list of STATUS_LISTS) {
    const statuses = arr(obj(status)?.[list])?.map(containerStatus);
    if (statuses) kept[list] = statuses;
  }
  return kept;
}

export function redactEvent(event: unknown): Json | undefined {
  const e = obj(event);
  if (!e) return undefined;
  return {
    metadata: pick(e.metadata, ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']),
    involvedObject: pick(e.involvedObject, ['kind', 'name', 'namespace', 'uid', 'fieldPath']),
    reason: e.reason,
    message: e.message,
    type: e.type,
    count: e.count,
    firstTimestamp: e.firstTimestamp,
    lastTimestamp: e.lastTimestamp,
    eventTime: e.eventTime,
    series: e.series,
    source: e.source,
    reportingComponent: e.reportingComponent,
  };
}

/** An EndpointSlice: its Service (one label) and, per endpoint, the pod and its conditions; no addresses. */
export function redactEndpointSlice(slice: unknown): Json | undefined {
  const s = obj(slice);
  if (!s) return undefined;
  const meta = obj(s.metadata);
  const service = obj(meta?.labels)?.['kubernetes.io/service-name'];
  return {
    metadata: { ...pick(meta, ['name', 'namespace', 'uid', 'resourceVersion']), ...(service !== undefined ? { labels: { 'kubernetes.io/service-name': service } } : {}) },
    endpoints: arr(s.endpoints)?.map((e) => ({ conditions: pick(obj(e)?.conditions, ['ready', 'serving', 'terminating']), targetRef: pick(obj(e)?.targetRef, ['kind', 'name', 'namespace', 'uid']) })) ?? [],
  };
}

/** A ReplicaSet: owner, revision annotation and counts; not its pod template. */
export function redactReplicaSet(rs: unknown): Json | undefined {
  const r = obj(rs);
  if (!r) return undefined;
  const meta = obj(r.metadata);
  const revision = obj(meta?.annotations)?.['deployment.kubernetes.io/revision'];
  return {
    metadata: { ...metaWithOwners(meta, ['name', 'namespace', 'uid', 'resourceVersion', 'generation']), ...(revision !== undefined ? { annotations: { 'deployment.kubernetes.io/revision': revision } } : {}) },
    spec: pick(r.spec, ['replicas']),
    status: pick(r.status, ['replicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']),
  };
}

const DOCKER_LABELS = /^com\.docker\.compose\.(project|service|container-number)$/;

/**
 * State without the health-check output (Health.Log's Output: whatever the check printed,
 * tokens included); of each check only when it ran and its exit code.
 */
function redactState(state: unknown): unknown {
  const s = obj(state);
  const health = obj(s?.Health);
  if (!s || !health) return state;
  const log = arr(health.Log)?.map((check) => pick(check, ['Start', 'End', 'ExitCode']));
  return { ...s, Health: { ...pick(health, ['Status', 'FailingStreak']), ...(log ? { Log: log } : {}) } };
}

export function redactInspect(info: unknown): Json | undefined {
  const i = obj(info);
  if (!i) return undefined;
  const config = obj(i.Config);
  const labels = obj(config?.Labels);
  return {
    Id: i.Id,
    Name: i.Name,
    Created: i.Created,
    RestartCount: i.RestartCount,
    State: redactState(i.State),
    // Of the host settings, only the restart policy (it names why a container ran again).
    HostConfig: obj(i.HostConfig) && { RestartPolicy: pick(obj(i.HostConfig)?.RestartPolicy, ['Name', 'MaximumRetryCount']) },
    Config: config && {
      Image: config.Image,
      StopTimeout: config.StopTimeout,
      StopSignal: config.StopSignal,
      // Of the health check only its retries (when it turns unhealthy); never its command.
      Healthcheck: obj(config.Healthcheck) && pick(config.Healthcheck, ['Retries']),
      Labels: labels && Object.fromEntries(Object.entries(labels).filter(([k]) => DOCKER_LABELS.test(k))),
    },
  };
}

export function redactDockerEvent(message: unknown): Json | undefined {
  const m = obj(message);
  if (!m) return undefined;
  const actor = obj(m.Actor);
  const attributes = obj(actor?.Attributes) ?? {};
  // Attributes carry every label of the container; keep only what the feed reads.
  const kept = Object.fromEntries(Object.entries(attributes).filter(([k]) => ['signal', 'exitCode', 'name', 'image'].includes(k) || DOCKER_LABELS.test(k)));
  // exec_create/exec_start name the command ("exec_start: /bin/sh -c curl -H 'Authorization: …'"),
  // a health check's included: keep the action, drop the command.
  const action = (a: unknown) => (typeof a === 'string' && a.startsWith('exec_') ? a.replace(/:.*$/s, '') : a);
  const out: Json = { Type: m.Type, Action: action(m.Action), status: action(m.status), id: m.id, time: m.time, timeNano: m.timeNano, Actor: { ID: actor?.ID, Attributes: kept } };
  // Podman's health check events carry the status in a field of their own.
  if (typeof m.HealthStatus === 'string') out.HealthStatus = m.HealthStatus;
  return out;
}

const mapItems = (data: unknown, each: (item: unknown) => unknown) => {
  const d = obj(data);
  return d ? { ...d, items: arr(d.items)?.map(each) } : data;
};
const mapWatch = (data: unknown, each: (item: unknown) => unknown) => {
  const d = obj(data);
  return d && 'object' in d ? { type: d.type, object: each(d.object) } : each(data);
};

/** The record as it may be written to disk. */
export function redactRecord(record: RawRecord): RawRecord {
  const data = record.data;
  switch (record.type) {
    case 'k8s.pods.list':
      return { ...record, data: mapItems(data, redactPod) };
    case 'k8s.pod':
      return { ...record, data: mapWatch(data, redactPod) };
    case 'k8s.events.list':
      return { ...record, data: mapItems(data, redactEvent) };
    case 'k8s.event':
      return { ...record, data: mapWatch(data, redactEvent) };
    case 'k8s.endpointslices.list':
      return { ...record, data: mapItems(data, redactEndpointSlice) };
    case 'k8s.endpointslice':
      return { ...record, data: mapWatch(data, redactEndpointSlice) };
    case 'k8s.replicasets.list':
      return { ...record, data: mapItems(data, redactReplicaSet) };
    case 'k8s.replicaset':
      return { ...record, data: mapWatch(data, redactReplicaSet) };
    case 'docker.list':
      return { ...record, data: arr(data)?.map(redactInspect) ?? [] };
    case 'docker.inspect':
      return { ...record, data: redactInspect(data) };
    case 'docker.event':
      return { ...record, data: redactDockerEvent(data) };
    default:
      return record;
  }
}
