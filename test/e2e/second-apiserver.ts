// A second kube-apiserver process for fault tests: same etcd, same certs and flags as the
// shared cluster's apiserver (read from its /proc/PID/cmdline), on another loopback port.
// Tests kill, stop and restart this one; the shared apiserver others use is never touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig, selectContext, type KubeTarget } from '../../src/sources/kubernetes-kubeconfig.js';
import { KubeHttp } from '../../src/sources/kubernetes-http.js';

export const CLUSTER_DIR = process.env.PODLIFE_CLUSTER_DIR ?? '/tmp/podlife-cluster';

/** The shared apiserver's argv (binary first), or why it cannot be read. */
export function sharedApiserverArgv(): string[] {
  const pid = readFileSync(join(CLUSTER_DIR, 'pids', 'kube-apiserver.pid'), 'utf8').trim();
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  if (!argv[0]?.endsWith('kube-apiserver')) throw new Error(`pid ${pid} is not a kube-apiserver`);
  return argv;
}

/** The etcd client URL the shared apiserver uses (http://127.0.0.1:2379 for the local cluster). */
export function etcdUrl(): string {
  const flag = sharedApiserverArgv().find((a) => a.startsWith('--etcd-servers='));
  return flag!.slice('--etcd-servers='.length).split(',')[0]!;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class SecondApiserver {
  readonly dir = mkdtempSync(join(tmpdir(), 'podlife-second-apiserver-'));
  /** A kubeconfig whose clusters all point at this apiserver (contexts as the shared one's). */
  readonly kubeconfig = join(this.dir, 'kubeconfig');
  readonly log = join(this.dir, 'kube-apiserver.log');
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly argv: string[],
  ) {
    const shared = readFileSync(process.env.KUBECONFIG?.split(':')[0] ?? join(CLUSTER_DIR, 'kubeconfig'), 'utf8');
    writeFileSync(this.kubeconfig, shared.replace(/server: https:\/\/127\.0\.0\.1:\d+/g, `server: https://127.0.0.1:${port}`));
  }

  static async create(): Promise<SecondApiserver> {
    const port = await freePort();
    const argv = sharedApiserverArgv().map((a) => (a.startsWith('--secure-port=') ? `--secure-port=${port}` : a));
    return new SecondApiserver(port, argv);
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get server(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  target(context = 'podlife-local'): KubeTarget {
    return selectContext(loadKubeconfig({ kubeconfig: this.kubeconfig }), context);
  }

  /** Starts it and waits for /readyz. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) throw new Error('already running');
    const out = openSync(this.log, 'a');
    this.child = spawn(this.argv[0]!, this.argv.slice(1), { stdio: ['ignore', out, out] });
    closeSync(out);
    await this.waitReady(timeoutMs);
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const http = new KubeHttp(this.target().access);
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
          throw new Error(`second kube-apiserver exited with ${this.child.exitCode}; log ${this.log}:\n${tail(this.log)}`);
        }
        try {
          const res = await http.request({ path: '/readyz', signal: AbortSignal.timeout(2000) });
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`second kube-apiserver not ready in ${timeoutMs} ms; log:\n${tail(this.log)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await http.close();
    }
  }

  signal(signal: NodeJS.Signals): void {
    const child = this.child;
    if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, signal);
  }

  /** SIGKILL and wait for the process to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT'); // a stopped process still dies of KILL, but be explicit
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '(no log)';
}

/** etcd's HTTP gateway: compacts history up to the current revision, so older resourceVersions are gone (410). */
export async function compactEtcd(): Promise<number> {
  const base = etcdUrl();
  const range = await fetch(`${base}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('/').toString('base64') }) });
  const { header } = (await range.json()) as { header: { revision: string } };
  const revision = Number(header.revision);
  const res = await fetch(`${base}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision, physical: true }) });
  if (!res.ok) throw new Error(`etcd compaction failed: ${res.status} ${await res.text()}`);
  return revision;
}
