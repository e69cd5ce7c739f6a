// A kubeconfig `user.exec` credential plugin (EKS, GKE, AKS, OIDC sign-in), run the way
// kubectl runs it: once per process, shared by every request, and again only when its
// credential nears its expirationTimestamp or the apiserver answered 401. The client
// library's own runner starts the plugin once per client and per concurrent request,
// passes no KUBERNETES_EXEC_INFO and keeps no stderr; this one does what client-go does.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ExecConfig, KubeCluster as Cluster } from './kubeconfig-entries.js';

export type { ExecConfig };

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;

/** What the plugin handed out; never printed, never recorded. */
export interface ExecCredential {
  token?: string;
  /** PEM, for a client certificate instead of (or besides) a token. */
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Local ms; undefined = valid until the apiserver says otherwise (401). */
  expiresAt?: number;
}

/** The plugin could not be run or said no: names the command and its stderr's first line. */
export class ExecPluginError extends Error {
  override readonly name = 'ExecPluginError';
}

export interface ExecRunOptions {
  /** KUBERNETES_EXEC_INFO's spec.interactive, and the plugin gets our stdin. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

/** Runs the command once: stdout, stderr and exit code. Replaceable in tests. */
export type ExecRunner = (config: ExecConfig, info: string, options: ExecRunOptions) => Promise<{ code: number | null; stdout: string; stderr: string }>;

export interface ExecPluginOptions {
  clock?: () => number;
  run?: ExecRunner;
  /** Whether a terminal is there to prompt on (stdin is a TTY and no full-screen UI holds it). */
  terminal?: () => boolean;
  /** After a failure, callers within this long get the same error instead of another run. */
  failureCooldownMs?: number;
}

/** Refresh this long before expiry: a fifth of the credential's life, at most a minute. */
export function refreshMarginMs(lifeMs: number): number {
  return Math.min(60_000, Math.max(1_000, lifeMs / 5));
}

export class ExecCredentialPlugin {
  private current?: { credential: ExecCredential; refreshAt: number };
  private running?: Promise<ExecCredential>;
  private failure?: { error: ExecPluginError; at: number };
  private runs = 0;
  private readonly clock: () => number;

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: Cluster | null | undefined,
    private readonly options: ExecPluginOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** How often the plugin has been started (tests, and the benchmark's figures). */
  get calls(): number {
    return this.runs;
  }

  /** The command as the user would recognise it in the header. */
  get label(): string {
    return [this.exec.command, ...(this.exec.args ?? [])].join(' ');
  }

  /** The cached credential, or one run of the plugin shared by everyone who asks meanwhile. */
  async credential(): Promise<ExecCredential> {
    const now = this.clock();
    if (this.current && now < this.current.refreshAt) return this.current.credential;
    if (this.running) return this.running;
    const failed = this.failure;
    if (failed && now - failed.at < (this.options.failureCooldownMs ?? 1_000)) throw failed.error;
    const stillValid = this.current && (this.current.credential.expiresAt ?? Infinity) > now ? this.current.credential : undefined;
    // A refresh that fails before the old credential has expired leaves the old one in use.
    this.running = this.runPlugin()
      .catch((err: unknown) => {
        if (stillValid && this.current?.credential === stillValid) return stillValid;
        throw err;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** The apiserver answered 401 to `used`: the next caller runs the plugin again (once, however many saw the 401). */
  rejected(used: ExecCredential): void {
    if (this.current?.credential === used) this.current = undefined;
  }

  private async runPlugin(): Promise<ExecCredential> {
    const apiVersion = this.exec.apiVersion ?? '';
    if (!(EXEC_API_VERSIONS as readonly string[]).includes(apiVersion)) {
      throw this.failed(`apiVersion "${apiVersion}" is not supported (use ${EXEC_API_VERSIONS.join(' or ')})`);
    }
    const mode = this.exec.interactiveMode ?? 'IfAvailable';
    const terminal = (this.options.terminal ?? defaultTerminal)();
    if (mode === 'Always' && !terminal) throw this.failed('it needs a terminal (interactiveMode: Always) and none is free');
    const interactive = mode !== 'Never' && terminal;
    const info = JSON.stringify(this.execInfo(apiVersion, interactive));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const { name, value } of this.exec.env ?? []) env[name] = value;
    env.KUBERNETES_EXEC_INFO = info;
    this.runs++;
    const startedAt = this.clock();
    let result: Awaited<ReturnType<ExecRunner>>;
    try {
      result = await (this.options.run ?? runCommand)(this.exec, info, { interactive, env });
    } catch (err) {
      const hint = this.exec.installHint ? ` (${firstLine(this.exec.installHint)})` : '';
      throw this.failed(`${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'command not found' : (err as Error).message}${hint}`);
    }
    if (result.code !== 0) {
      const said = firstLine(result.stderr);
      throw this.failed(`exit ${result.code ?? 'by signal'}${said ? `: ${said}` : ''}`);
    }
    const credential = this.parse(result.stdout, apiVersion);
    const life = credential.expiresAt === undefined ? Infinity : credential.expiresAt - startedAt;
    this.current = { credential, refreshAt: credential.expiresAt === undefined ? Infinity : credential.expiresAt - refreshMarginMs(life) };
    this.failure = undefined;
    return credential;
  }

  /** KUBERNETES_EXEC_INFO: what client-go hands a plugin (spec.cluster only when asked for). */
  private execInfo(apiVersion: string, interactive: boolean): object {
    const spec: Record<string, unknown> = { interactive };
    if (this.exec.provideClusterInfo && this.cluster) {
      const cluster = this.cluster;
      const caData = cluster.caData ?? (cluster.caFile ? readFileSync(cluster.caFile).toString('base64') : undefined);
      spec.cluster = {
        server: cluster.server,
        ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
        ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
        ...(caData ? { 'certificate-authority-data': caData } : {}),
        ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
      };
    }
    return { apiVersion, kind: 'ExecCredential', spec };
  }

  /** The ExecCredential on stdout; an error never quotes stdout (it may hold a token). */
  private parse(stdout: string, apiVersion: string): ExecCredential {
    let doc: { apiVersion?: string; kind?: string; status?: Record<string, unknown> };
    try {
      doc = JSON.parse(stdout) as typeof doc;
    } catch {
      throw this.failed('its output is not an ExecCredential (not JSON)');
    }
    if (doc?.kind !== 'ExecCredential') throw this.failed(`its output is not an ExecCredential (kind ${JSON.stringify(doc?.kind)})`);
    if (doc.apiVersion !== apiVersion) throw this.failed(`it answered ${doc.apiVersion} but the kubeconfig asks for ${apiVersion}`);
    const status = doc.status ?? {};
    const text = (key: string) => (typeof status[key] === 'string' && status[key] !== '' ? (status[key] as string) : undefined);
    const credential: ExecCredential = {};
    const token = text('token');
    const cert = text('clientCertificateData');
    const key = text('clientKeyData');
    if (token) credential.token = token;
    if (cert && key) {
      credential.clientCertificateData = cert;
      credential.clientKeyData = key;
    } else if (cert || key) throw this.failed('it gave a client certificate without its key (or a key without a certificate)');
    if (!token && !cert) throw this.failed('its ExecCredential has neither a token nor a client certificate');
    const expiry = text('expirationTimestamp');
    if (expiry) {
      const at = Date.parse(expiry);
      if (Number.isNaN(at)) throw this.failed(`its expirationTimestamp "${expiry}" is not a time`);
      credential.expiresAt = at;
    }
    return credential;
  }

  private failed(reason: string): ExecPluginError {
    const error = new ExecPluginError(`credential plugin "${this.label}" failed: ${reason}`);
    this.failure = { error, at: this.clock() };
    return error;
  }
}

/** One plugin per distinct exec config and cluster, for the whole process (every client, every command). */
const plugins = new Map<string, ExecCredentialPlugin>();

export function execPluginFor(exec: ExecConfig, cluster: Cluster | null | undefined): ExecCredentialPlugin {
  const key = JSON.stringify([exec, exec.provideClusterInfo ? cluster?.server : '']);
  let plugin = plugins.get(key);
  if (!plugin) {
    plugin = new ExecCredentialPlugin(exec, cluster);
    plugins.set(key, plugin);
  }
  return plugin;
}

/** Whether a plugin may prompt: off while the full-screen dashboard owns the terminal. */
let terminalHeld = false;
export function holdTerminal(held: boolean): void {
  terminalHeld = held;
}
function defaultTerminal(): boolean {
  return !terminalHeld && process.stdin.isTTY === true;
}

const runCommand: ExecRunner = (config, _info, { interactive, env }) =>
  new Promise((resolve, reject) => {
    // stdin only for a prompt; stderr is kept for the error line and, when prompting, shown.
    const child = spawn(config.command, config.args ?? [], { env, stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (interactive) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  ).slice(0, 200);
}
