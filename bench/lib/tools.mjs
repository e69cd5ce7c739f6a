// Starting the tools under test the same way every time: podlife and k9s alone in a tmux
// pane of the same size, `kubectl get pods -w` into a file.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SCRATCH, K9S, KUBECTL, log, sleep } from './env.mjs';
import { TmuxControlReader } from './tmux-control.mjs';

export const COLS = 200;
export const ROWS = 50;
/** A screen is full when this many pod rows show: every tool's chrome fits in the rest. */
export const FULL = ROWS - 12;
export const TMUX = ['-L', 'podlife-bench', '-f', '/dev/null'];

export const tmux = (...a) => execFileSync('tmux', [...TMUX, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

export function killTmux() {
  try {
    tmux('kill-server');
  } catch {
    // none running
  }
}

function k9sEnv() {
  const dir = path.join(SCRATCH, 'k9s');
  const config = path.join(dir, 'config');
  mkdirSync(config, { recursive: true });
  for (const d of ['data', 'state', 'cache']) mkdirSync(path.join(dir, d), { recursive: true });
  // No version check (it would go to the internet) and no writes to the cluster.
  writeFileSync(path.join(config, 'config.yaml'), 'k9s:\n  skipLatestRevCheck: true\n  readOnly: true\n  ui:\n    noIcons: true\n');
  return {
    K9S_CONFIG_DIR: config,
    XDG_CONFIG_HOME: config,
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_STATE_HOME: path.join(dir, 'state'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
  };
}

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/**
 * Starts one tool; returns {pid, visibleRows(), stop(), session? (its tmux session), latencyLog?, statsFile?, cpuProfileDir?}.
 * where: {kubeconfig, namespace?} (no namespace: all namespaces); profile: podlife under --cpu-prof;
 * root: the checkout whose dist/cli.js runs as podlife (default: this one).
 */
export function startTool(tool, tag, where, { profile = false, root = ROOT } = {}) {
  const name = `${tool}-${tag}`;
  const scope = where.namespace ? ['-n', where.namespace] : ['-A'];
  if (tool === 'kubectl') {
    const file = path.join(SCRATCH, `${name}.out`);
    const fd = openSync(file, 'w');
    const child = spawn(KUBECTL, ['--kubeconfig', where.kubeconfig, 'get', 'pods', ...scope, '-w'], { stdio: ['ignore', fd, 'ignore'] });
    closeSync(fd);
    return {
      pid: child.pid,
      visibleRows: () => countLines(file),
      stop: async () => {
        child.kill('SIGTERM');
        await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      },
    };
  }
  let command;
  const handle = {};
  if (tool === 'podlife') {
    handle.latencyLog = path.join(SCRATCH, `${name}.latency.ndjson`);
    handle.statsFile = path.join(SCRATCH, `${name}.stats.ndjson`);
    const vars = [`PODLIFE_STATS_FILE=${handle.statsFile}`];
    if (profile) {
      handle.cpuProfileDir = path.join(SCRATCH, `${name}.cpuprofile`);
      vars.push(`NODE_OPTIONS=--cpu-prof --cpu-prof-dir=${handle.cpuProfileDir}`);
    }
    // The built file itself, as `podlife` runs: its shebang carries podlife's V8 settings.
    command = ['env', ...vars, path.join(root, 'dist/cli.js'), '--kubernetes', ...scope, '--kubeconfig', where.kubeconfig, '--latency-log', handle.latencyLog];
  } else {
    // Quoted once, with the whole command below (quoting here too put quotes into the paths).
    const vars = Object.entries(k9sEnv()).map(([k, v]) => `${k}=${v}`);
    const k9sScope = where.namespace ? ['--namespace', where.namespace] : ['--all-namespaces'];
    command = ['env', ...vars, K9S, '--kubeconfig', where.kubeconfig, ...k9sScope, '--command', 'pods', '--readonly'];
  }
  tmux('new-session', '-d', '-s', name, '-x', String(COLS), '-y', String(ROWS), `exec ${command.map(shellQuote).join(' ')}`);
  const pid = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
  // Polled every 20 ms until the screen is full: through one control-mode client, as a
  // `capture-pane` process per poll took tens of ms (kubectl's file is read directly).
  let reader;
  const paneText = async () => {
    reader ??= new TmuxControlReader(TMUX, name);
    return reader.read().catch(() => tmux('capture-pane', '-p', '-t', name));
  };
  return Object.assign(handle, {
    pid,
    session: name,
    screen: () => tmux('capture-pane', '-p', '-t', name),
    visibleRows: async () => (await paneText()).split('\n').filter((l) => /pod-\d{5}/.test(l)).length,
    stop: async () => {
      reader?.close();
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      for (let i = 0; i < 50 && existsSync(`/proc/${pid}`); i++) await sleep(100);
      try {
        tmux('kill-session', '-t', name);
      } catch {
        // the pane closed with its process
      }
    },
  });
}

function countLines(file) {
  try {
    const data = readFileSync(file);
    let n = 0;
    for (const byte of data) if (byte === 10) n++;
    return n;
  } catch {
    return 0;
  }
}

/** Polls until the tool shows a full screen of pod rows; returns seconds, or undefined on timeout. */
export async function untilFull(handle, startedAt, timeoutMs) {
  while (performance.now() - startedAt < timeoutMs) {
    if ((await handle.visibleRows()) >= FULL) return (performance.now() - startedAt) / 1000;
    await sleep(20);
  }
  return undefined;
}

/** Starts a tool and waits for its first full screen; {handle, seconds} (seconds undefined: timed out). */
export async function launch(tool, tag, where, timeoutSeconds, startOptions) {
  const startedAt = performance.now();
  const handle = startTool(tool, tag, where, startOptions);
  const seconds = await untilFull(handle, startedAt, timeoutSeconds * 1000);
  if (seconds === undefined) log(`${tool}: no full screen within ${timeoutSeconds} s`, handle.screen?.().split('\n').slice(0, 8).join(' | ') ?? '');
  return { handle, seconds };
}
