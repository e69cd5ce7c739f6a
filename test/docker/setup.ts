// Shared setup of the integration tests: the private engine (engine.sh up), the docker CLI
// pointed at it, labelled test containers, and a lock so test files that share the one
// engine run one after another (one of them restarts dockerd).
import { execFile, execFileSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { acquireDirLock } from '../support/dir-lock.js';
import { missingInHook } from '../support/requirements.js';
import { checkShownStopSeconds } from '../support/shown-stop-seconds.js';

const engineScript = fileURLToPath(new URL('./engine.sh', import.meta.url));
export const IMAGE = 'podlife/busybox:latest';
export const TEST_LABEL = 'podlife-test=1';

/**
 * Runs `engine.sh up|down`; `up` returns the DOCKER_HOST it printed last. `dir` picks another
 * engine than the shared one (PODLIFE_DOCKER_DIR), e.g. one a test may stop and restart.
 */
export async function engine(command: 'up' | 'down', dir?: string): Promise<string> {
  const env = dir ? { ...process.env, PODLIFE_DOCKER_DIR: dir } : process.env;
  const { stdout } = await promisify(execFile)('bash', [engineScript, command], { env, timeout: 280_000, maxBuffer: 1 << 24 });
  if (command === 'down') return '';
  const last = stdout.trim().split('\n').at(-1) ?? '';
  const match = /^export DOCKER_HOST=(\S+)$/.exec(last);
  if (!match) throw new Error(`engine.sh up printed no DOCKER_HOST line: ${stdout}`);
  return match[1]!;
}

/** The docker CLI against the test engine only (never the user's contexts). */
export function docker(host: string, args: string[]): string {
  return execFileSync('docker', args, {
    env: { ...process.env, DOCKER_HOST: host, DOCKER_CONTEXT: '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  }).trim();
}

let serial = 0;
/** A name no other run uses. */
export function uniqueName(what: string): string {
  return `podlife-it-${what}-${process.pid}-${++serial}`;
}

/** `docker run -d` (or `create`) with the test label and no network; returns the id. */
export function runContainer(host: string, name: string, options: string[], command: string, create = false): string {
  return docker(host, [create ? 'create' : 'run', ...(create ? [] : ['-d']), '--name', name, '--label', TEST_LABEL, '--network', 'none', ...options, IMAGE, 'sh', '-c', command]);
}

export function removeTestContainers(host: string): void {
  const ids = docker(host, ['ps', '-aq', '--filter', `label=${TEST_LABEL}`]).split('\n').filter(Boolean);
  if (ids.length) docker(host, ['rm', '-f', ...ids]);
}

export function inspectState(host: string, id: string): Record<string, unknown> {
  return JSON.parse(docker(host, ['inspect', '--format', '{{json .State}}', id])) as Record<string, unknown>;
}

/** The seconds a finished bar shows, against this engine's FinishedAt of container `name` (test/support/shown-stop-seconds.ts). */
export function expectShownStopSeconds(host: string, name: string, shownText: string, pattern: RegExp, atLeastS: number, confirmedAt: number): void {
  const finishedAt = Date.parse(docker(host, ['inspect', '--format', '{{.State.FinishedAt}}', name]));
  checkShownStopSeconds(shownText, pattern, atLeastS, confirmedAt, finishedAt);
}

export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lockDir = join(tmpdir(), 'podlife-docker-tests.lock');

export function acquireEngineLock(timeoutMs = 240_000): Promise<() => void> {
  return acquireDirLock(lockDir, 'docker test run', timeoutMs);
}

/**
 * Registers a test file's engine hooks: before all, lock + engine up + clean slate (the
 * host goes to `onHost`); after all, clean up and unlock. An engine that does not start
 * fails the file under CI=true; by hand its tests are skipped with the reason.
 */
export function useSharedEngine(onHost: (host: string) => void): void {
  let tearDown = () => {};
  let missing: string | undefined;
  beforeAll(async () => {
    let engine: Awaited<ReturnType<typeof setUpEngine>>;
    try {
      engine = await setUpEngine();
    } catch (err) {
      missing = missingInHook(`the Docker engine did not start (test/docker/engine.sh up): ${(err as Error).message.trim()}`);
      return;
    }
    tearDown = engine.tearDown;
    onHost(engine.host);
  }, 300_000);
  beforeEach((context) => {
    if (missing) context.skip(missing);
  });
  afterAll(() => tearDown());
}

/** beforeAll/afterAll pair for a test file: lock, engine up, clean slate; clean up after. */
export async function setUpEngine(): Promise<{ host: string; tearDown: () => void }> {
  const release = await acquireEngineLock();
  try {
    const host = await engine('up');
    removeTestContainers(host);
    return {
      host,
      tearDown: () => {
        try {
          removeTestContainers(host);
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
