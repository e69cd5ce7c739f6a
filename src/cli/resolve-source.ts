// Picks and builds the source the options ask for. With no source flag: the current kube
// context if its cluster answers, else the local Docker engine if it answers, else the
// bundled demo recording, saying so.
import { gunzipSync } from 'node:zlib';
import { createRecorder, type Recorder } from '../record/recorder.js';
import { parseRecording, readRecording, type Recording } from '../record/reader.js';
import { splitContexts, type SourceProvider } from '../session.js';
import { DockerSource, dockerodeOptions } from '../sources/docker.js';
import { loadDockerode } from '../sources/dockerode-lazy.js';
import { DockerContextCatalog, resolveDockerEndpoint } from '../sources/docker-contexts.js';
import { KubeHttp } from '../sources/kubernetes-http.js';
import { ExecPluginError } from '../sources/exec-credential.js';
import { KubeconfigCatalog, loadKubeconfig, selectContext, type KubeTarget, type LoadedKubeconfig } from '../sources/kubernetes-kubeconfig.js';
import { canI, whoAmI } from '../sources/kubernetes-access.js';
import { KubernetesSource } from '../sources/kubernetes.js';
import { firstPageSizeFor } from '../sources/first-page-size.js';
import { recordedContexts, ReplaySource, replayStart, VirtualClock } from '../sources/replay.js';
import type { Clock } from '../sources/source.js';
import type { RawTap } from '../record/raw-record.js';
import type { Options } from './options.js';
import { readPackagedFile } from './packaged-files.js';

export interface ResolvedSource {
  provider: SourceProvider;
  context: string;
  namespace: string;
  /** Shown in the header: "kubernetes", "docker", "replay of FILE ×10". */
  label: string;
  clock?: Clock;
  /** A line for stderr before the UI starts (which source auto-detection chose, and why). */
  notice?: string;
  /** Before anything is drawn: sign-in plugins run, rights for -A checked (throws a one-line error). */
  preflight?: () => Promise<void>;
  dispose?: () => Promise<void>;
}

export const BUNDLED_DEMO = 'demo/recordings/lifecycle.ndjson.gz';

/** `observe` sees every raw record a live source receives (--latency-log stamps them). */
export async function resolveSource(options: Options, observe?: RawTap): Promise<ResolvedSource> {
  switch (options.source) {
    case 'replay':
      return replaySource(readRecording(options.replay!), options.replay!, options);
    case 'docker':
      return withRecorder(options, observe, (tap) => dockerSource(options, tap));
    case 'kubernetes':
      return withRecorder(options, observe, (tap) => kubernetesSource(options, loadKubeconfig({ kubeconfig: options.kubeconfig }), tap));
    case 'auto':
      return autoSource(options, observe);
  }
}

async function autoSource(options: Options, observe: RawTap | undefined): Promise<ResolvedSource> {
  const reasons: string[] = [];
  let loaded: LoadedKubeconfig | undefined;
  try {
    loaded = loadKubeconfig({ kubeconfig: options.kubeconfig });
    const target = selectContext(loaded, splitContexts(options.context ?? '')[0]);
    if (await kubernetesAnswers(target.access)) {
      return withRecorder(options, observe, (tap) => kubernetesSource(options, loaded!, tap));
    }
    reasons.push(`kube context "${target.context}" (${target.server}) does not answer`);
  } catch (error) {
    // An explicit --kubeconfig or --context that is wrong is the user's mistake to see, not to skip.
    if (options.kubeconfig || options.context) throw error;
    reasons.push((error as Error).message);
  }
  if (!options.context && (await dockerAnswers(options.dockerHost))) {
    return withRecorder(options, observe, (tap) => ({ ...dockerSource(options, tap), notice: `no Kubernetes cluster (${reasons.join('; ')}): watching the local Docker engine` }));
  }
  if (!options.context) reasons.push('no Docker engine answers');
  if (!options.record) {
    const replay = replaySource(bundledDemo(), BUNDLED_DEMO, options);
    return {
      ...replay,
      label: 'demo replay',
      // The first sentence fits a terminal line: the footer shows it; stderr gets it all.
      notice: `No cluster or Docker engine answers: playing the bundled demo. Try --kubeconfig/--context or --docker. (${reasons.join('; ')})`,
    };
  }
  throw new Error(`nothing to watch: ${reasons.join('; ')}`);
}

/** The bundled demo ships with every build: its absence is a packaging bug, not a fallback. */
function bundledDemo(): Recording {
  return parseRecording(gunzipSync(readPackagedFile(BUNDLED_DEMO)).toString('utf8'), BUNDLED_DEMO);
}

function replaySource(recording: Recording, file: string, options: Options): ResolvedSource {
  const speed = options.speed;
  // A one-shot print of a replay (--once, -o json) reports how the recording ends.
  const atEnd = options.once || options.output === 'json';
  const clock = new VirtualClock(atEnd ? (recording.records.at(-1)?.t ?? replayStart(recording)) : replayStart(recording), speed);
  // One source per recorded context (a `--context a,b` recording shows both, side by side).
  const contexts = recordedContexts(recording);
  const provider: SourceProvider = {
    kind: 'replay',
    catalog: { contexts: () => contexts.map((name) => ({ name, current: true, detail: `recorded ${recording.header.recordedAt}` })) },
    create: (context) => {
      if (contexts.length > 0 && !contexts.includes(context)) throw new Error(`context "${context}" is not in ${file} (recorded: ${contexts.join(', ')})`);
      return new ReplaySource(recording, clock, file, context);
    },
  };
  const pace = speed === 1 ? '' : ` ×${speed}`;
  return { provider, context: contexts.join(','), namespace: recording.header.namespace, label: `replay${pace} (${recording.header.source})`, clock: clock.now };
}

function dockerSource(options: Options, tap: RawTap | undefined): ResolvedSource {
  const asked = splitContexts(options.context ?? '');
  // Building a source connects nothing: these only validate --context/--docker-host now.
  const built = (asked.length ? asked : [undefined]).map((context) => new DockerSource({ host: options.dockerHost, context, tap }));
  const first = built[0]!;
  const provider: SourceProvider = {
    kind: 'docker',
    catalog: new DockerContextCatalog(),
    create: (context) => new DockerSource({ context, tap, host: context === first.context ? options.dockerHost : undefined }),
  };
  return { provider, context: built.map((b) => b.context).join(','), namespace: '', label: 'docker' };
}

function kubernetesSource(options: Options, loaded: LoadedKubeconfig, tap: RawTap | undefined): ResolvedSource {
  // --context a,b watches several; each must exist (selectContext throws, naming the known ones).
  const asked = splitContexts(options.context ?? '');
  const targets = asked.length ? asked.map((name) => selectContext(loaded, name)) : [selectContext(loaded, undefined)];
  const initial = targets[0]!;
  const catalog = new KubeconfigCatalog(loaded, initial.context);
  const provider: SourceProvider = {
    kind: 'kubernetes',
    catalog,
    create: (context, namespace) => {
      const target = selectContext(loaded, context);
      catalog.setActive(context);
      // A screenful first: the terminal's height as it is when the source starts.
      const firstListPageSize = firstPageSizeFor(process.stdout.isTTY ? process.stdout.rows : undefined);
      return new KubernetesSource({ target, namespace, labelSelector: options.selector, tap, timing: { firstListPageSize } });
    },
    namespaces: async (context) => {
      const http = new KubeHttp(selectContext(loaded, context).access);
      try {
        const { data } = await http.getJson<{ items: { metadata: { name: string } }[] }>('/api/v1/namespaces');
        return data.items.map((n) => n.metadata.name);
      } finally {
        await http.close();
      }
    },
  };
  const preflight = async () => {
    await signIn(targets);
    if (options.namespace === '') await refuseAllNamespacesWithoutRights(targets);
  };
  return { provider, context: targets.map((t) => t.context).join(','), namespace: options.namespace ?? initial.namespace, label: 'kubernetes', preflight };
}

/**
 * A sign-in plugin may prompt (interactiveMode): it runs once here, before the dashboard
 * holds the terminal. A failure is left for the dashboard's header, which names it.
 */
async function signIn(targets: readonly KubeTarget[]): Promise<void> {
  for (const target of targets) {
    const http = new KubeHttp(target.access);
    await http.signIn().catch(() => undefined);
    await http.close();
  }
}

/** -A needs list and watch on pods at the cluster scope: without them, one line like kubectl's, suggesting -n. */
async function refuseAllNamespacesWithoutRights(targets: readonly KubeTarget[]): Promise<void> {
  for (const target of targets) {
    const http = new KubeHttp(target.access);
    try {
      const answers = await Promise.all(['list', 'watch'].map((verb) => canI(http, { verb, group: '', resource: 'pods', namespace: '' })));
      const refused = ['list', 'watch'].filter((_, i) => answers[i] === false);
      if (refused.length === 0) continue;
      const user = await whoAmI(http);
      throw new Error(
        `forbidden: ${user ? `User "${user}"` : 'the user of context ' + target.context} cannot ${refused.join('/')} pods at the cluster scope (-A, context ${target.context}); watch one namespace with -n NAMESPACE (this context's own: -n ${target.namespace})`,
      );
    } finally {
      await http.close();
    }
  }
}

function withRecorder(options: Options, observe: RawTap | undefined, build: (tap: RawTap | undefined) => ResolvedSource): ResolvedSource {
  if (!options.record) return build(observe);
  let recorder: Recorder | undefined;
  let pending: Parameters<RawTap>[0][] = [];
  // The header needs the resolved context, known only once the source is built.
  const record = (record: Parameters<RawTap>[0]) => void (recorder ? recorder.tap(record) : pending.push(record));
  const tap: RawTap = observe ? (r) => (observe(r), record(r)) : record;
  tap.backlog = () => recorder?.backlog();
  const resolved = build(tap);
  recorder = createRecorder(options.record, { source: resolved.provider.kind === 'docker' ? 'docker' : 'kubernetes', context: resolved.context, namespace: resolved.namespace }, { logs: options.recordLogs });
  for (const record of pending) recorder.tap(record);
  pending = [];
  const dispose = resolved.dispose;
  return {
    ...resolved,
    dispose: async () => {
      await dispose?.();
      await recorder!.close();
    },
  };
}

/**
 * Any HTTP answer (even 401/403) means a cluster is there; only silence or refusal does not.
 * A sign-in plugin that fails means one is configured: the dashboard names the plugin and retries.
 */
async function kubernetesAnswers(access: ConstructorParameters<typeof KubeHttp>[0]): Promise<boolean> {
  const http = new KubeHttp(access);
  try {
    await http.request({ path: '/version', signal: AbortSignal.timeout(2_000) });
    return true;
  } catch (error) {
    return error instanceof ExecPluginError;
  } finally {
    await http.close();
  }
}

async function dockerAnswers(host: string | undefined): Promise<boolean> {
  try {
    const docker = new (loadDockerode())(dockerodeOptions(resolveDockerEndpoint({ host })));
    await Promise.race([docker.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_500).unref())]);
    return true;
  } catch {
    return false;
  }
}
