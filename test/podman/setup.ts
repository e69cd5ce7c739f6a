// Shared setup of the Podman tests: the private service (service.sh up), Podman's own
// client pointed at it (`podman --url`), labelled test containers, and a lock so two runs
// do not share the one service at once.
import { execFile, execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { acquireDirLock } from '../support/dir-lock.js';
import { missingInHook } from '../support/requirements.js';

const serviceScript = fileURLToPath(new URL('./service.sh', import.meta.url));
export const IMAGE = 'podlife/busybox:latest';
export const TEST_LABEL = 'podlife-test=1';

/** `service.sh up`: the PODMAN_HOST it printed last. */
export async function serviceUp(): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [serviceScript, 'up'], { timeout: 280_000, maxBuffer: 1 << 24 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  const match = /^export PODMAN_HOST=(\S+)$/.exec(last);
  if (!match) throw new Error(`service.sh up printed no PODMAN_HOST line: ${stdout}`);
  return match[1]!;
}

/** Podman's own client, through the service under test. */
export function podman(host: string, args: string[]): string {
  return execFileSync('podman', ['--url', host, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).trim();
}

/** `podman healthcheck run`: one check now (systemd timers run them otherwise). A failing check exits 1. */
export function runHealthCheck(host: string, id: string): void {
  try {
    podman(host, ['healthcheck', 'run', id]);
  } catch (err) {
    if ((err as { status?: number }).status !== 1) throw err;
  }
}

/** The same, without waiting (a `podman stop` that takes its grace). */
export function podmanAsync(host: string, args: string[]): Promise<{ stdout: string }> {
  return promisify(execFile)('podman', ['--url', host, ...args], { timeout: 60_000 });
}

let serial = 0;
export function uniqueName(what: string): string {
  return `podlife-pm-${what}-${process.pid}-${++serial}`;
}

/** `podman run -d` (or `create`) with the test label; returns the id. The service gives no network. */
export function runContainer(host: string, name: string, options: string[], command: string, create = false): string {
  return podman(host, [create ? 'create' : 'run', ...(create ? [] : ['-d']), '--name', name, '--label', TEST_LABEL, ...options, IMAGE, 'sh', '-c', command]);
}

/** Podman's own record of the container (`podman inspect`, its libpod view). */
export function inspect(host: string, id: string): PodmanInspect {
  return (JSON.parse(podman(host, ['inspect', id])) as PodmanInspect[])[0]!;
}

export interface PodmanInspect {
  Id: string;
  State: {
    Status: string;
    ExitCode: number;
    StartedAt: string;
    FinishedAt: string;
    Health?: { Status: string; FailingStreak: number; Log: { Start: string; End: string; ExitCode: number }[] | null };
  };
  Config: { StopTimeout: number };
}

export function removeTestContainers(host: string): void {
  const ids = podman(host, ['ps', '-aq', '--filter', `label=${TEST_LABEL}`]).split('\n').filter(Boolean);
  if (ids.length) podman(host, ['rm', '-f', '-t', '0', ...ids]);
}

const lockDir = join(tmpdir(), 'podlife-podman-tests.lock');

function acquireLock(timeoutMs = 240_000): Promise<() => void> {
  return acquireDirLock(lockDir, 'Podman test run', timeoutMs);
}

/**
 * Registers a test file's service hooks: before all, lock + service up + clean slate (the
 * host goes to `onHost`); after all, clean up and unlock. A service that does not start
 * (podman missing and not installable) fails the file under CI=true; by hand its tests
 * are skipped with the reason.
 */
export function usePodmanService(onHost: (host: string) => void): void {
  let release = () => {};
  let host = '';
  let missing: string | undefined;
  beforeAll(async () => {
    release = await acquireLock();
    try {
      host = await serviceUp();
      removeTestContainers(host);
    } catch (err) {
      release();
      release = () => {};
      missing = missingInHook(`the Podman service did not start (test/podman/service.sh up): ${(err as Error).message.trim()}`);
      return;
    }
    onHost(host);
  }, 300_000);
  beforeEach((context) => {
    if (missing) context.skip(missing);
  });
  afterAll(() => {
    try {
      if (host) removeTestContainers(host);
    } finally {
      release();
    }
  });
}
