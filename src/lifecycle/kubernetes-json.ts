// The parts of core/v1 Pod and Event that podlife reads, typed as the API serves them
// over the wire (timestamps are RFC 3339 strings). The client library's V1Pod types
// describe its deserialised form (Date objects), which recorded raw JSON never has.

export interface ObjectMetaJson {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReferenceJson[];
}

export interface OwnerReferenceJson {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface HandlerJson {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: { port?: number | string };
  sleep?: { seconds?: number };
}

/** core/v1 Probe: the parts that decide when it fails, and (KEP-2238) the grace of the kill it causes. */
export interface ProbeJson {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number | null;
}

export interface ContainerJson {
  name: string;
  image?: string;
  restartPolicy?: string;
  /** stopSignal: KEP-4960 (alpha gate ContainerStopSignals), e.g. "SIGQUIT". */
  lifecycle?: { postStart?: HandlerJson; preStop?: HandlerJson; stopSignal?: string };
  livenessProbe?: ProbeJson;
  readinessProbe?: ProbeJson;
  startupProbe?: ProbeJson;
}

export interface ContainerStateJson {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: {
    exitCode?: number;
    signal?: number;
    reason?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    containerID?: string;
  };
}

export interface ContainerStatusJson {
  name: string;
  state?: ContainerStateJson;
  lastState?: ContainerStateJson;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  image?: string;
  imageID?: string;
  containerID?: string;
  /** The signal the runtime stops this container with (KEP-4960, with the ContainerStopSignals gate). */
  stopSignal?: string;
}

export interface PodConditionJson {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface PodJson {
  kind?: string;
  metadata?: ObjectMetaJson;
  spec?: {
    nodeName?: string;
    terminationGracePeriodSeconds?: number;
    initContainers?: ContainerJson[];
    containers?: ContainerJson[];
    ephemeralContainers?: ContainerJson[];
    /** Only the kind of each volume matters here (a drain refuses emptyDir without --delete-emptydir-data). */
    volumes?: { name: string; emptyDir?: Record<string, unknown> | null }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: PodConditionJson[];
    initContainerStatuses?: ContainerStatusJson[];
    containerStatuses?: ContainerStatusJson[];
    ephemeralContainerStatuses?: ContainerStatusJson[];
  };
}

export interface EventJson {
  kind?: string;
  metadata?: ObjectMetaJson;
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { lastObservedTime?: string } | null;
}

/** A watch stream line: {type, object}. */
export interface WatchEventJson<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** discovery.k8s.io/v1 EndpointSlice: which pods back a Service, and in what condition. */
export interface EndpointSliceJson {
  metadata?: ObjectMetaJson;
  endpoints?: {
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
    targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
  }[] | null;
}

/** apps/v1 ReplicaSet: its Deployment (owner), revision (annotation) and counts. */
export interface ReplicaSetJson {
  metadata?: ObjectMetaJson;
  spec?: { replicas?: number };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

/** apps/v1 Deployment, as the rollout command reads it. */
export interface DeploymentJson {
  metadata?: ObjectMetaJson;
  spec?: {
    replicas?: number;
    progressDeadlineSeconds?: number;
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    paused?: boolean;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string }[];
  };
}

/** metav1.LabelSelector, as Deployments and PodDisruptionBudgets carry it. */
export interface LabelSelectorJson {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

/** core/v1 Node: whether it is cordoned, and whether it is Ready. */
export interface NodeJson {
  metadata?: ObjectMetaJson;
  spec?: { unschedulable?: boolean; taints?: { key: string; effect: string; value?: string }[] };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** policy/v1 PodDisruptionBudget: which pods it covers and how many may go now. */
export interface PodDisruptionBudgetJson {
  metadata?: ObjectMetaJson;
  spec?: { selector?: LabelSelectorJson | null; minAvailable?: number | string; maxUnavailable?: number | string; unhealthyPodEvictionPolicy?: string };
  status?: {
    observedGeneration?: number;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}
