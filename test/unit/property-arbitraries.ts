// fast-check generators of API payloads as they could arrive: every field optional where
// the API allows it, odd values (garbage timestamps, huge exit codes, unknown reasons),
// and the shapes podlife reads (core/v1 Pod and Event, Docker inspect and /events).
import fc from 'fast-check';
import type { DockerInspect } from '../../src/lifecycle/docker.js';
import type { ContainerJson, ContainerStateJson, ContainerStatusJson, EventJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import type { DockerEventMessage } from '../../src/sources/docker-feed.js';

export const STATES = new Set(['Waiting', 'Running', 'Terminated']);

const word = fc.constantFrom('a', 'b', 'web', 'init', 'side', 'x-1');
export const time = fc.oneof(
  fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
  fc.constantFrom('', 'garbage', '0001-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const int = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.integer());

const handler = fc.record(
  { exec: fc.record({ command: fc.array(fc.string(), { maxLength: 4 }) }), sleep: fc.record({ seconds: int }), httpGet: fc.record({ path: fc.string() }) },
  { requiredKeys: [] },
);

const containerSpec = (name: fc.Arbitrary<string>): fc.Arbitrary<ContainerJson> =>
  fc.record(
    { name, image: fc.string(), restartPolicy: fc.constantFrom('Always', 'Never', 'OnFailure'), lifecycle: fc.record({ postStart: handler, preStop: handler }, { requiredKeys: [] }) },
    { requiredKeys: ['name'] },
  );

const stateJson: fc.Arbitrary<ContainerStateJson> = fc.record(
  {
    waiting: fc.record({ reason: fc.string(), message: fc.string() }, { requiredKeys: [] }),
    running: fc.record({ startedAt: time }, { requiredKeys: [] }),
    terminated: fc.record(
      { exitCode: int, signal: int, reason: fc.string(), message: fc.string(), startedAt: time, finishedAt: time, containerID: fc.string() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const status = (name: fc.Arbitrary<string>): fc.Arbitrary<ContainerStatusJson> =>
  fc.record(
    { name, state: stateJson, lastState: stateJson, ready: fc.boolean(), started: fc.boolean(), restartCount: int, image: fc.string(), containerID: fc.string() },
    { requiredKeys: ['name'] },
  );

const containerName = fc.oneof(word, fc.string({ maxLength: 3 }));

export const pod = (names = { pod: word, namespace: word }): fc.Arbitrary<PodJson> =>
  fc.record(
    {
      kind: fc.constant('Pod'),
      metadata: fc.record(
        {
          name: names.pod,
          namespace: names.namespace,
          uid: fc.constantFrom('u1', 'u2'),
          resourceVersion: fc.string(),
          creationTimestamp: time,
          deletionTimestamp: time,
          deletionGracePeriodSeconds: int,
        },
        { requiredKeys: [] },
      ),
      spec: fc.record(
        {
          nodeName: fc.string(),
          terminationGracePeriodSeconds: int,
          initContainers: fc.array(containerSpec(containerName), { maxLength: 3 }),
          containers: fc.array(containerSpec(containerName), { maxLength: 4 }),
          ephemeralContainers: fc.array(containerSpec(containerName), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      status: fc.record(
        {
          phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed', 'Unknown', 'Weird'),
          reason: fc.string(),
          message: fc.string(),
          conditions: fc.array(fc.record({ type: fc.constantFrom('PodScheduled', 'Ready'), status: fc.constantFrom('True', 'False'), reason: fc.string() }), { maxLength: 2 }),
          initContainerStatuses: fc.array(status(containerName), { maxLength: 3 }),
          containerStatuses: fc.array(status(containerName), { maxLength: 4 }),
          ephemeralContainerStatuses: fc.array(status(containerName), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );

export const event: fc.Arbitrary<EventJson> = fc.record(
  {
    metadata: fc.record({ namespace: word, creationTimestamp: time }, { requiredKeys: [] }),
    involvedObject: fc.record(
      {
        kind: fc.constantFrom('Pod', 'Node', 'Deployment'),
        namespace: word,
        name: word,
        uid: fc.constantFrom('u1', 'u2'),
        fieldPath: fc.oneof(containerName.map((n) => `spec.containers{${n}}`), containerName.map((n) => `spec.initContainers{${n}}`), fc.string()),
      },
      { requiredKeys: [] },
    ),
    reason: fc.constantFrom('Killing', 'FailedPreStopHook', 'BackOff', 'Started', 'Pulled', ''),
    message: fc.string(),
    type: fc.constantFrom('Normal', 'Warning', 'Other'),
    firstTimestamp: fc.oneof(time, fc.constant(null)),
    lastTimestamp: fc.oneof(time, fc.constant(null)),
    eventTime: fc.oneof(time, fc.constant(null)),
    series: fc.oneof(fc.constant(null), fc.record({ lastObservedTime: time }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

export const connectionStatus = fc.record({
  source: fc.constant('kubernetes' as const),
  context: fc.constant('ctx'),
  state: fc.constantFrom('connecting' as const, 'live' as const, 'disconnected' as const, 'error' as const),
  since: fc.nat(),
  clockOffsetMs: maybe(fc.integer({ min: -1e7, max: 1e7 })),
});

// ---- Docker ----

export const dockerId = fc.constantFrom(...['a', 'b', 'c', 'd'].map((c) => c.repeat(64)), `${'a'.repeat(12)}${'f'.repeat(52)}`);

export const inspect = (id: fc.Arbitrary<string> = dockerId): fc.Arbitrary<DockerInspect> =>
  fc.record(
    {
      Id: id,
      Name: fc.oneof(word.map((w) => `/${w}`), fc.string()),
      Created: time,
      RestartCount: int,
      State: fc.record(
        {
          Status: fc.oneof(fc.constantFrom('created', 'restarting', 'running', 'paused', 'exited', 'dead', 'removing'), fc.string()),
          Running: fc.boolean(),
          Paused: fc.boolean(),
          Restarting: fc.boolean(),
          OOMKilled: fc.boolean(),
          Dead: fc.boolean(),
          ExitCode: int,
          Error: fc.string(),
          StartedAt: time,
          FinishedAt: time,
          Health: fc.oneof(fc.constant(null), fc.record({ Status: fc.constantFrom('healthy', 'unhealthy', 'starting', 'none', '') })),
        },
        { requiredKeys: ['Status'] },
      ),
      Config: fc.oneof(
        fc.constant(null),
        fc.record(
          {
            Image: fc.string(),
            Labels: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('com.docker.compose.project', 'com.docker.compose.service', 'com.docker.compose.container-number', 'x'), word)),
            StopTimeout: fc.oneof(fc.constant(null), int),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: ['Id', 'Name', 'State'] },
  );

export const dockerEvent: fc.Arbitrary<DockerEventMessage> = fc.record(
  {
    Type: fc.constantFrom('container', 'network', 'image'),
    Action: fc.oneof(
      fc.constantFrom('create', 'start', 'restart', 'die', 'kill', 'stop', 'oom', 'pause', 'unpause', 'destroy', 'rename', 'exec_start: sh', 'health_status: healthy', 'health_status: unhealthy', 'health_status'),
      fc.string(),
    ),
    Actor: fc.record(
      { ID: dockerId, Attributes: fc.dictionary(fc.constantFrom('signal', 'exitCode', 'name', 'oldName'), fc.oneof(fc.constantFrom('9', '15', 'SIGTERM', 'KILL', '0', '137'), fc.string())) },
      { requiredKeys: [] },
    ),
    status: fc.string(),
    id: dockerId,
    time: fc.oneof(fc.integer({ min: 0, max: 4e9 }), fc.double()),
    timeNano: fc.oneof(fc.bigInt({ min: 0n, max: 4n * 10n ** 18n }).map(String), fc.integer({ min: 0 }), fc.constantFrom('', 'garbage', '1.5e18'), fc.double()),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<DockerEventMessage>;
