// The live Docker source: list + inspect every container, then follow GET /events, and
// inspect again where an event leaves fields out. Every raw thing received becomes a
// RawRecord: to the tap (recorder) first, then to the pure DockerFeed. When the engine goes
// away it says so (status 'disconnected'), retries with backoff, and relists on success so
// the store resyncs: no ghost rows, none lost.
import { readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import { Backoff, type BackoffSettings } from './backoff.js';
import { loadDockerode } from './dockerode-lazy.js';
import { http } from './node-http.js';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { DockerInspect } from '../lifecycle/docker.js';
import { dockerLogLines, DockerStopLogFollower } from './docker-logs.js';
import type { ConnectionStatus, DockerEngine } from '../lifecycle/types.js';
import { dockerEngineFromPing } from './docker-engine-kind.js';
import { DockerFeed, DOCKER_RECORD, type DockerEventMessage, type DockerStopRequest } from './docker-feed.js';
import { resolveDockerEndpoint, type DockerContextOptions, type DockerEndpoint } from './docker-contexts.js';
import type { Clock, LogLine, LogOptions, Source, SourceSink, TerminateOptions, TerminateTarget } from './source.js';
import type { RawRecord, RawTap } from '../record/raw-record.js';

export interface DockerSourceOptions {
  /** --docker-host: overrides contexts and DOCKER_HOST. */
  host?: string;
  /** --context: a Docker context name; default the current one (DOCKER_CONTEXT, DOCKER_HOST, config.json). */
  context?: string;
  /** Where to read contexts from (tests); default $DOCKER_CONFIG or ~/.docker and process.env. */
  contextOptions?: DockerContextOptions;
  /** Receives every raw record before the feed does (the session recorder). */
  tap?: RawTap;
  clock?: Clock;
  /** Reconnect delays: first retry after initialMs, doubling up to maxMs (250 ms → 5 s), with jitter. */
  backoff?: BackoffSettings;
}

/** Containers inspected at once while listing (keeps a busy engine responsive). */
const INSPECT_CONCURRENCY = 8;

/**
 * Events whose message lacks state the row shows: the container is inspected after them.
 * Podman's `cleanup` follows its `die` once the exit is fully recorded: an inspect taken
 * right after the `die` may still show the run.
 */
const INSPECT_AFTER = new Set(['create', 'start', 'restart', 'die', 'oom', 'health_status', 'pause', 'unpause', 'rename', 'update', 'cleanup']);

/** How long a Podman stop waits for the container's log to open (the stop goes ahead regardless). */
const LOG_OPEN_WAIT_MS = 2000;

/** Events that show dockerd acted on a stop/kill request. */
const STOP_ACCEPTED = new Set(['kill', 'die', 'stop']);

/** Splits an NDJSON byte stream into parsed objects; a line may arrive in several chunks. */
export class NdjsonSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  /** Lines that were not JSON (skipped, counted for diagnostics). */
  badLines = 0;

  push(chunk: Buffer | string): unknown[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    const out: unknown[] = [];
    for (const line of lines) {
      const text = line.trim();
      if (!text) continue;
      try {
        out.push(JSON.parse(text));
      } catch {
        this.badLines++;
      }
    }
    return out;
  }
}

/** dockerode connection options for a host URL (unix, tcp, ssh, npipe). */
export function dockerodeOptions(endpoint: DockerEndpoint): Docker.DockerOptions {
  const { host } = endpoint;
  // Explicit undefineds: docker-modem merges its DOCKER_HOST-derived defaults underneath.
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length), host: undefined, port: undefined };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length), host: undefined, port: undefined };
  const url = new URL(host.includes('://') ? host : `tcp://${host}`);
  if (url.protocol === 'ssh:') {
    return { protocol: 'ssh', host: url.hostname, port: url.port || 22, username: url.username || undefined, sshOptions: { agent: process.env.SSH_AUTH_SOCK } } as Docker.DockerOptions;
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Unsupported Docker host "${host}" (context "${endpoint.context}"): use unix://, tcp://, ssh:// or npipe://.`);
  }
  const tls = endpoint.tls;
  const useTls = url.protocol === 'https:' || Boolean(tls?.cert) || url.port === '2376';
  const options: Docker.DockerOptions = {
    host: url.hostname,
    port: url.port || (useTls ? 2376 : 2375),
    protocol: useTls ? 'https' : 'http',
    socketPath: undefined,
  };
  if (tls?.ca) options.ca = readFileSync(tls.ca);
  if (tls?.cert) options.cert = readFileSync(tls.cert);
  if (tls?.key) options.key = readFileSync(tls.key);
  return options;
}

interface DockerodeError extends Error {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
}

export class DockerSource implements Source {
  readonly kind = 'docker' as const;
  readonly namespace = '';
  readonly canModify = true;
  readonly context: string;
  readonly endpoint: DockerEndpoint;

  private readonly docker: Docker;
  private readonly clock: Clock;
  private readonly tap?: RawTap;
  private readonly backoff: Backoff;
  private feed?: DockerFeed;
  private stream?: NodeJS.ReadableStream & { destroy?: () => void };
  private retryTimer?: NodeJS.Timeout;
  private closed = false;
  /** Bumped on every (re)connect: inspects started before it are dropped. */
  private generation = 0;
  private disconnectedSince?: number;
  private clockOffsetMs = 0;
  /** What answers on the endpoint, from its /_ping at the last connect. */
  private engine?: DockerEngine;
  /** Per-container inspect chains: results arrive in order, bursts coalesce into one. */
  private readonly inspecting = new Map<string, { again: boolean }>();
  /** terminate() calls waiting for dockerd to act on them (resolved by its kill/die/stop event). */
  private readonly awaitingStop = new Map<string, () => void>();
  /** A stopping container's last log lines, for its timeline. */
  private readonly stopLogs = new DockerStopLogFollower(
    (id) => this.docker.getContainer(id),
    (data) => this.emit(DOCKER_RECORD.log, data),
    () => this.closed,
  );

  constructor(options: DockerSourceOptions = {}) {
    this.endpoint = resolveDockerEndpoint({ host: options.host, context: options.context }, options.contextOptions);
    this.context = this.endpoint.context;
    const modem = dockerodeOptions(this.endpoint);
    // A fresh connection per request on a local socket (cheap): a pooled keep-alive one would
    // hide that the socket file is gone, and podlife would claim "live" on borrowed time.
    if (modem.socketPath) Object.assign(modem, { agent: new http.Agent({ keepAlive: false }) }); // docker-modem takes `agent`; the types omit it
    this.docker = new (loadDockerode())(modem);
    this.clock = options.clock ?? Date.now;
    this.tap = options.tap;
    this.backoff = new Backoff(options.backoff ?? { initialMs: 250, maxMs: 5000 });
  }

  /** "context "x" (unix:///var/run/docker.sock)": for every message the user sees. */
  describe(): string {
    return `context "${this.context}" (${this.endpoint.host})`;
  }

  start(sink: SourceSink): void {
    if (this.feed) throw new Error('DockerSource.start() was called twice');
    this.feed = new DockerFeed(sink, this.context);
    this.status({ state: 'connecting', since: this.clock(), message: `connecting to Docker ${this.describe()}` });
    void this.connect();
  }

  async terminate(target: TerminateTarget, options: TerminateOptions): Promise<void> {
    const id = target.id;
    if (!id) throw new Error(`Cannot stop "${target.group}": the row has no container id.`);
    const container = this.docker.getContainer(id);
    const request: DockerStopRequest = { id, graceSeconds: options.mode === 'kill' ? 0 : options.graceSeconds, mode: options.mode };
    // Podman logs no `kill` for a stop, which is when the last lines are read for dockerd
    // (see onEvent); and it follows no log of a container already stopping: open it first.
    if (this.engine?.kind === 'podman' && request.mode === 'stop' && request.graceSeconds > 0) {
      const opened = this.stopLogs.follow(id, Math.floor((this.clock() + this.clockOffsetMs) / 1000));
      await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, LOG_OPEN_WAIT_MS))]);
    }
    // Recorded first, so the bar starts at the request, not at dockerd's first event.
    this.emit(DOCKER_RECORD.stopRequested, request);
    const call = options.mode === 'kill' ? container.kill() : container.stop({ t: options.graceSeconds });
    // `docker stop` answers only once the container is gone (up to the grace): accepted means
    // dockerd acted on it (its kill/die/stop event) or answered, whichever comes first.
    const accepted = new Promise<void>((resolve) => this.awaitingStop.set(id, resolve));
    const done = call.then(
      () => undefined,
      (err: DockerodeError) => {
        if (err.statusCode === 304) return; // already stopped: nothing left to do
        throw this.terminateError(err, target, options);
      },
    );
    try {
      await Promise.race([accepted, done]);
    } finally {
      this.awaitingStop.delete(id);
    }
    done.catch(() => undefined); // a late failure after acceptance is shown by the events
  }

  /**
   * `docker logs -t` of the container. Docker keeps one log across restarts: the previous
   * instance is what was written before the current start.
   */
  async *logs(target: TerminateTarget & { container: string; startedAt?: number }, options: LogOptions): AsyncGenerator<LogLine> {
    if (!target.id) throw new Error(`no logs for "${target.group}": the row has no container id`);
    const container = this.docker.getContainer(target.id);
    const info = (await container.inspect()) as { Config?: { Tty?: boolean }; State?: { StartedAt?: string }; RestartCount?: number };
    const startedAt = Date.parse(info.State?.StartedAt ?? '');
    if (options.previous && !((info.RestartCount ?? 0) > 0 && startedAt > 0)) throw new Error(`container ${target.container} has not restarted: there is no previous instance`);
    const base = { stdout: true, stderr: true, timestamps: true, ...(options.tailLines !== undefined ? { tail: options.tailLines } : {}), ...(options.previous ? { until: Math.floor(startedAt / 1000) } : {}) };
    const chunks = options.follow && !options.previous
      ? ((await container.logs({ ...base, follow: true, abortSignal: options.signal })) as unknown as AsyncIterable<Buffer>)
      : [(await container.logs({ ...base, follow: false, abortSignal: options.signal })) as unknown as Buffer];
    try {
      yield* dockerLogLines(chunks, info.Config?.Tty === true);
    } catch (err) {
      if (!options.signal.aborted) throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.dropStream();
    for (const resolve of this.awaitingStop.values()) resolve();
    this.awaitingStop.clear();
  }

  private status(part: Omit<ConnectionStatus, 'source' | 'context'>): void {
    this.emit(DOCKER_RECORD.status, { source: 'docker', context: this.context, ...part } satisfies ConnectionStatus);
  }

  private emit(type: string, data: unknown): void {
    if (this.closed && type !== DOCKER_RECORD.status) return;
    const record: RawRecord = { t: this.clock(), type, context: this.context, data };
    this.tap?.(record);
    this.feed?.apply(record);
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    try {
      await this.measureClock();
      this.engine = await this.identifyEngine();
      // Events are replayed from just before the list, so nothing between list and watch is lost.
      const since = Math.floor((this.clock() + this.clockOffsetMs) / 1000) - 1;
      const list = await this.listAll();
      if (this.closed || generation !== this.generation) return;
      const stream = (await this.docker.getEvents({ since })) as NodeJS.ReadableStream & { destroy?: () => void };
      if (this.closed || generation !== this.generation) {
        stream.destroy?.();
        return;
      }
      this.stream = stream;
      this.emit(DOCKER_RECORD.list, list);
      this.disconnectedSince = undefined;
      this.backoff.reset();
      this.status({ state: 'live', since: this.clock(), clockOffsetMs: this.clockOffsetMs, engine: this.engine });
      this.follow(stream, generation);
    } catch (err) {
      this.lost(err as DockerodeError, generation);
    }
  }

  /** dockerd or Podman, from GET /_ping's headers; an endpoint that will not say (a proxy) is taken for dockerd. */
  private async identifyEngine(): Promise<DockerEngine> {
    try {
      const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
        // isStream: docker-modem hands over the response itself, headers and all.
        this.docker.modem.dial({ path: '/_ping', method: 'GET', isStream: true, statusCodes: { 200: true }, options: {} }, (err, res) => {
          if (err) return reject(err as Error);
          const response = res as IncomingMessage;
          response.resume(); // the body ("OK") is not needed
          resolve(response.headers);
        });
      });
      return dockerEngineFromPing(headers);
    } catch (err) {
      if ((err as DockerodeError).statusCode === undefined) throw err; // unreachable: reconnect
      return { kind: 'docker' };
    }
  }

  /** Daemon clock minus ours, from /info's SystemTime; 0 when within the round trip. */
  private async measureClock(): Promise<void> {
    const before = Date.now();
    const info = (await this.docker.info()) as { SystemTime?: string };
    const after = Date.now();
    const server = info.SystemTime ? Date.parse(info.SystemTime) : NaN;
    if (!Number.isFinite(server)) return;
    const offset = server - (before + after) / 2;
    this.clockOffsetMs = Math.abs(offset) <= (after - before) / 2 + 5 ? 0 : Math.round(offset);
  }

  private async listAll(): Promise<DockerInspect[]> {
    const summaries = await this.docker.listContainers({ all: true });
    const ids = summaries.map((s) => s.Id);
    const out: DockerInspect[] = [];
    for (let i = 0; i < ids.length; i += INSPECT_CONCURRENCY) {
      const batch = await Promise.all(ids.slice(i, i + INSPECT_CONCURRENCY).map((id) => this.inspectOrGone(id)));
      for (const info of batch) if (info) out.push(info);
    }
    return out;
  }

  /** Inspect, or undefined when the container was removed in the meantime (404). */
  private async inspectOrGone(id: string): Promise<DockerInspect | undefined> {
    try {
      return (await this.docker.getContainer(id).inspect()) as unknown as DockerInspect;
    } catch (err) {
      if ((err as DockerodeError).statusCode === 404) return undefined;
      throw err;
    }
  }

  private follow(stream: NodeJS.ReadableStream, generation: number): void {
    const splitter = new NdjsonSplitter();
    stream.on('data', (chunk: Buffer | string) => {
      if (generation !== this.generation) return;
      for (const message of splitter.push(chunk)) this.onEvent(message as DockerEventMessage);
      // A recording behind its disk: read no further until it caught up (see RawTap.backlog).
      const behind = this.tap?.backlog?.();
      if (behind) {
        stream.pause();
        void behind.then(() => stream.resume());
      }
    });
    const ended = (err?: DockerodeError) => this.lost(err ?? Object.assign(new Error('the event stream ended'), { code: 'EOF' }), generation);
    stream.on('error', ended);
    stream.on('end', () => ended());
    stream.on('close', () => ended());
  }

  private onEvent(message: DockerEventMessage): void {
    this.emit(DOCKER_RECORD.event, message);
    if ((message.Type ?? 'container') !== 'container') return;
    const id = message.Actor?.ID ?? message.id;
    const action = (message.Action ?? message.status ?? '').split(':')[0]!;
    if (!id) return;
    if (STOP_ACCEPTED.has(action)) this.awaitingStop.get(id)?.();
    // The stop signal (not KILL): what the process says from here on goes on its timeline.
    if (action === 'kill' && message.Actor?.Attributes?.signal !== '9' && message.Actor?.Attributes?.signal !== 'SIGKILL') this.stopLogs.follow(id, message.time);
    if (INSPECT_AFTER.has(action)) this.inspectSoon(id);
  }

  /** Inspects one container after an event; a burst of events for it costs one extra inspect. */
  private inspectSoon(id: string): void {
    const running = this.inspecting.get(id);
    if (running) {
      running.again = true;
      return;
    }
    const entry = { again: false };
    this.inspecting.set(id, entry);
    const generation = this.generation;
    const run = async (): Promise<void> => {
      do {
        entry.again = false;
        let info: DockerInspect | undefined;
        try {
          info = await this.inspectOrGone(id);
        } catch (err) {
          // The engine stopped answering while the event stream stays open (its socket was
          // removed, say): rows would silently miss what the events announced. Reconnect,
          // which says "disconnected" and relists once the engine answers again.
          this.lost(err as DockerodeError, generation);
          break;
        }
        if (this.closed || generation !== this.generation) break;
        if (info) this.emit(DOCKER_RECORD.inspect, info);
      } while (entry.again);
      this.inspecting.delete(id);
    };
    void run();
  }

  private dropStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) {
      stream.removeAllListeners('data');
      stream.destroy?.();
    }
  }

  /** The engine went away (or never answered): say so once, then retry with backoff. */
  private lost(err: DockerodeError, generation: number): void {
    if (this.closed || generation !== this.generation || this.retryTimer) return;
    this.generation++; // stale stream callbacks and inspects of this connection stop here
    this.dropStream();
    this.inspecting.clear();
    const first = this.disconnectedSince === undefined;
    this.disconnectedSince ??= this.clock();
    const delay = this.backoff.next();
    if (first) {
      this.status({ state: 'disconnected', since: this.disconnectedSince, message: this.unreachableMessage(err) });
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  private unreachableMessage(err: DockerodeError): string {
    const why = err.code === 'ENOENT' ? 'the socket does not exist'
      : err.code === 'ECONNREFUSED' ? 'connection refused'
      : err.code === 'EACCES' ? 'permission denied on the socket (add yourself to the docker group?)'
      : err.code === 'EOF' ? 'the event stream ended (engine stopped?)'
      : (err.json?.message ?? err.message);
    return `Docker engine unreachable, ${this.describe()}: ${why}. Is dockerd running? ` +
      'Retrying; or pick another context, or pass --docker-host.';
  }

  private terminateError(err: DockerodeError, target: TerminateTarget, options: TerminateOptions): Error {
    const what = `${options.mode === 'kill' ? 'kill' : 'stop'} container ${target.group} (${(target.id ?? '').slice(0, 12)})`;
    if (err.statusCode === 404) return new Error(`Cannot ${what}: no such container on ${this.describe()}; it was removed.`);
    if (err.statusCode === 409) return new Error(`Cannot ${what}: ${err.json?.message ?? 'it is not running'}.`);
    if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT' || err.code === 'EACCES') {
      return new Error(`Cannot ${what}: ${this.unreachableMessage(err)}`);
    }
    return new Error(`Cannot ${what} on ${this.describe()}: ${err.json?.message ?? err.message}`);
  }
}
