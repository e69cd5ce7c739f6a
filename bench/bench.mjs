// The benchmark proper (bench/run.sh prepares everything and calls it): podlife, k9s and
// `kubectl get pods -A -w` against the same real kube-apiserver under the same load.
//   1. 5,000 pods × 3 containers present: start → first full screen of pod rows
//   2. churn: 100 pod status changes/s for 60 s, then 500/s for 30 s
//   3. idle for 60 s
//   4. 10,000 pods present: peak RSS
// Each tool runs alone in a tmux pane of the same size (kubectl into a file); figures are
// medians over runs. CPU = utime+stime of the process tree from /proc, peak RSS = VmHWM.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the bench with npm run bench`);
  return value;
};
const KUBECONFIG = env('PODLIFE_BENCH_KUBECONFIG');
const K9S = env('PODLIFE_BENCH_K9S');
const DRIVER = env('PODLIFE_BENCH_DRIVER');
const KUBECTL = env('PODLIFE_BENCH_KUBECTL');

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const QUICK = args.includes('--quick');
const RUNS = Number(flag('runs', QUICK ? 1 : 3));
const CHURN_RUNS = Number(flag('churn-runs', RUNS));
const TOOLS = flag('tools', 'podlife,k9s,kubectl').split(',');
const OUT = flag('out', undefined);
/** --only startup,churn,memory: a subset of the scenarios (all by default). */
const ONLY = new Set(flag('only', 'startup,churn,memory').split(','));
const SCALE = QUICK ? 0.25 : 1; // --quick: quarter-length churn and idle
const COLS = 200;
const ROWS = 50;
/** A screen is full when this many pod rows show: every tool's chrome fits in the rest. */
const FULL = ROWS - 12;
const NAMESPACES = 10;
const SCRATCH = process.env.PODLIFE_BENCH_SCRATCH ?? path.join(os.tmpdir(), 'podlife-bench-run');
const TMUX = ['-L', 'podlife-bench', '-f', '/dev/null'];
const CLK_TCK = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...parts) => process.stderr.write(`[bench] ${parts.join(' ')}\n`);
const median = (xs) => {
  const v = xs.filter((x) => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const percentile = (sorted, p) => (sorted.length === 0 ? undefined : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);

// ---- /proc -------------------------------------------------------------------------

function children(pid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function tree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  return all;
}

/** CPU seconds of the process and all its descendants (live ones and reaped ones). */
function cpuSeconds(pid) {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime stime cutime cstime are fields 14–17 (1-based); fields[] starts at field 3
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLK_TCK;
}

/** Peak RSS (VmHWM) of the process tree, MB. */
function peakRssMb(pid) {
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

// ---- tools -------------------------------------------------------------------------

const tmux = (...a) => execFileSync('tmux', [...TMUX, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

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

/** Starts one tool; returns {pid, visibleRows(), stop(), latencyLog?}. */
function startTool(tool, tag) {
  const name = `${tool}-${tag}`;
  if (tool === 'kubectl') {
    const file = path.join(SCRATCH, `${name}.out`);
    const fd = openSync(file, 'w');
    const child = spawn(KUBECTL, ['--kubeconfig', KUBECONFIG, 'get', 'pods', '-A', '-w'], { stdio: ['ignore', fd, 'ignore'] });
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
  let latencyLog;
  if (tool === 'podlife') {
    latencyLog = path.join(SCRATCH, `${name}.latency.ndjson`);
    // The built file itself, as `podlife` runs: its shebang carries podlife's V8 settings.
    command = [path.join(ROOT, 'dist/cli.js'), '--kubernetes', '-A', '--kubeconfig', KUBECONFIG, '--latency-log', latencyLog];
  } else {
    // Quoted once, with the whole command below (quoting here too put quotes into the paths).
    const vars = Object.entries(k9sEnv()).map(([k, v]) => `${k}=${v}`);
    command = ['env', ...vars, K9S, '--kubeconfig', KUBECONFIG, '--all-namespaces', '--command', 'pods', '--readonly'];
  }
  tmux('new-session', '-d', '-s', name, '-x', String(COLS), '-y', String(ROWS), `exec ${command.map(shellQuote).join(' ')}`);
  const pid = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
  return {
    pid,
    latencyLog,
    screen: () => tmux('capture-pane', '-p', '-t', name),
    visibleRows: () => tmux('capture-pane', '-p', '-t', name).split('\n').filter((l) => /pod-\d{5}/.test(l)).length,
    stop: async () => {
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
  };
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
async function untilFull(handle, startedAt, timeoutMs = 120_000) {
  while (performance.now() - startedAt < timeoutMs) {
    if (handle.visibleRows() >= FULL) return (performance.now() - startedAt) / 1000;
    await sleep(20);
  }
  return undefined;
}

function driver(command, extra) {
  const result = spawnSync(DRIVER, [command, '-kubeconfig', KUBECONFIG, '-namespaces', String(NAMESPACES), ...extra], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`driver ${command} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function churnAsync(pods, rate, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(DRIVER, ['churn', '-kubeconfig', KUBECONFIG, '-namespaces', String(NAMESPACES), '-pods', String(pods), '-rate', String(rate), '-duration', `${seconds}s`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`driver churn exited ${code}`))));
  });
}

/** podlife's latency log → figures for frames done within [from, to] (epoch ms). */
function latencyFigures(file, from, to) {
  const lat = [];
  let frames = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line);
    if (entry.end || entry.t < from || entry.t > to) continue;
    if (entry.wrote) frames++;
    lat.push(...entry.lat);
  }
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), max: lat.at(-1), records: lat.length, framesPerSecond: frames / ((to - from) / 1000) };
}

// ---- scenarios ---------------------------------------------------------------------

const results = {}; // results[tool][figure] = [values per run]
const note = (tool, figure, value) => ((results[tool] ??= {})[figure] ??= []).push(value);
const driverNotes = {};

async function startupRun(tool, run, pods) {
  const startedAt = performance.now();
  const handle = startTool(tool, `start${pods}-${run}`);
  const seconds = await untilFull(handle, startedAt);
  if (seconds === undefined) log(`${tool}: no full screen within 120 s`, handle.screen?.().split('\n').slice(0, 8).join(' | ') ?? '');
  return { handle, seconds };
}

async function scenarioStartup(pods) {
  for (let run = 1; run <= RUNS; run++) {
    for (const tool of TOOLS) {
      const { handle, seconds } = await startupRun(tool, run, pods);
      note(tool, `full${pods}`, seconds);
      note(tool, `fullCpu${pods}`, cpuSeconds(handle.pid));
      if (pods === 10_000) {
        await sleep(10_000); // let caches and the first refreshes settle
        note(tool, 'rss10000', peakRssMb(handle.pid));
      }
      log(`${pods} pods run ${run} ${tool}: full screen ${seconds?.toFixed(2)} s, cpu ${cpuSeconds(handle.pid).toFixed(2)} s, rss ${peakRssMb(handle.pid).toFixed(0)} MB`);
      await handle.stop();
      await sleep(1_000);
    }
  }
}

async function scenarioChurn(pods) {
  const phases = [
    { figure: 'churn100', rate: 100, seconds: 60 * SCALE },
    { figure: 'churn500', rate: 500, seconds: 30 * SCALE },
  ];
  const idleSeconds = 60 * SCALE;
  for (let run = 1; run <= CHURN_RUNS; run++) {
    for (const tool of TOOLS) {
      const { handle } = await startupRun(tool, run, `churn${pods}`);
      await sleep(3_000);
      for (const phase of phases) {
        const cpu0 = cpuSeconds(handle.pid);
        const from = Date.now();
        const achieved = await churnAsync(pods, phase.rate, phase.seconds);
        // Frames still owed to the last writes land within a frame or two.
        await sleep(300);
        const to = Date.now();
        const cpu = cpuSeconds(handle.pid) - cpu0;
        note(tool, `${phase.figure}Cpu`, cpu);
        (driverNotes[phase.figure] ??= []).push(achieved.achievedPerSecond);
        let extra = '';
        if (handle.latencyLog) {
          const f = latencyFigures(handle.latencyLog, from, to);
          note(tool, `${phase.figure}P50`, f.p50);
          note(tool, `${phase.figure}P99`, f.p99);
          note(tool, `${phase.figure}Fps`, f.framesPerSecond);
          extra = ` p50 ${f.p50} ms p99 ${f.p99} ms max ${f.max} ms over ${f.records} records, ${f.framesPerSecond.toFixed(1)} frames/s`;
        }
        log(`churn ${phase.rate}/s run ${run} ${tool}: achieved ${achieved.achievedPerSecond}/s, cpu ${cpu.toFixed(2)} s${extra}`);
      }
      // Idle: nothing changes; let the last churn's frames settle first.
      await sleep(2_000);
      const cpu0 = cpuSeconds(handle.pid);
      const from = Date.now();
      await sleep(idleSeconds * 1000);
      const to = Date.now();
      const cpu = cpuSeconds(handle.pid) - cpu0;
      note(tool, 'idleCpu', cpu);
      let extra = '';
      if (handle.latencyLog) {
        const f = latencyFigures(handle.latencyLog, from, to);
        note(tool, 'idleFps', f.framesPerSecond);
        extra = `, ${f.framesPerSecond.toFixed(2)} frames/s`;
      }
      log(`idle ${idleSeconds} s run ${run} ${tool}: cpu ${cpu.toFixed(2)} s${extra}`);
      note(tool, 'rssChurn', peakRssMb(handle.pid));
      await handle.stop();
      await sleep(1_000);
    }
  }
}

// ---- report ------------------------------------------------------------------------

function fmt(value, digits = 2) {
  if (value === undefined) return '–';
  return value.toFixed(digits);
}

function table() {
  const m = (tool, figure) => median(results[tool]?.[figure] ?? []);
  const churn100 = 60 * SCALE;
  const churn500 = 30 * SCALE;
  const idle = 60 * SCALE;
  const rows = [
    ['5,000 pods: first full screen (s)', 'full5000', 2],
    ['5,000 pods: CPU s until then', 'fullCpu5000', 2],
    [`churn 100/s × ${churn100} s: CPU s`, 'churn100Cpu', 2],
    ['churn 100/s: event→frame p50 (ms)', 'churn100P50', 1],
    ['churn 100/s: event→frame p99 (ms)', 'churn100P99', 1],
    ['churn 100/s: frames written/s', 'churn100Fps', 1],
    [`churn 500/s × ${churn500} s: CPU s`, 'churn500Cpu', 2],
    ['churn 500/s: event→frame p50 (ms)', 'churn500P50', 1],
    ['churn 500/s: event→frame p99 (ms)', 'churn500P99', 1],
    ['churn 500/s: frames written/s', 'churn500Fps', 1],
    [`idle ${idle} s: CPU s`, 'idleCpu', 2],
    ['idle: frames written/s', 'idleFps', 2],
    ['5,000 pods after churn: peak RSS (MB)', 'rssChurn', 0],
    ['10,000 pods: first full screen (s)', 'full10000', 2],
    ['10,000 pods: peak RSS (MB)', 'rss10000', 0],
  ];
  const header = ['scenario / figure', ...TOOLS.map((t) => (t === 'kubectl' ? 'kubectl -w' : t)), 'podlife/k9s'];
  const lines = [header, header.map(() => '---')];
  for (const [label, figure, digits] of rows) {
    if (!TOOLS.some((t) => results[t]?.[figure]?.length)) continue;
    const values = TOOLS.map((t) => m(t, figure));
    const pl = m('podlife', figure);
    const k9 = m('k9s', figure);
    const ratio = pl !== undefined && k9 !== undefined && k9 > 0 ? `${(pl / k9).toFixed(2)}×` : '–';
    lines.push([label, ...values.map((v) => fmt(v, digits)), ratio]);
  }
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function versions() {
  const run = (cmd, a) => {
    try {
      return execFileSync(cmd, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '?';
    }
  };
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const server = run(KUBECTL, ['--kubeconfig', KUBECONFIG, 'version', '-o', 'json']);
  let apiserver = '?';
  try {
    apiserver = JSON.parse(server).serverVersion.gitVersion;
  } catch {
    // keep ?
  }
  const kubectl = /Client Version: (\S+)/.exec(run(KUBECTL, ['version', '--client']))?.[1] ?? '?';
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '?';
  return {
    podlife: `${pkg.version} (${run('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])}), node ${process.version}, ink ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules/ink/package.json'), 'utf8')).version}`,
    k9s: process.env.PODLIFE_BENCH_K9S_VERSION ?? '?',
    kubectl,
    apiserver,
    machine: `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
  };
}

async function main() {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  try {
    tmux('kill-server');
  } catch {
    // none running
  }
  const loadAtStart = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const startedAt = new Date();
  log(`load average at start: ${loadAtStart}`);
  if (ONLY.has('startup') || ONLY.has('churn')) {
    const populated5k = driver('populate', ['-pods', '5000']);
    log(`populated 5,000 pods: ${JSON.stringify(populated5k)}`);
  }
  if (ONLY.has('startup')) await scenarioStartup(5000);
  if (ONLY.has('churn')) await scenarioChurn(5000);
  if (ONLY.has('memory')) {
    const populated10k = driver('populate', ['-pods', '10000']);
    log(`populated 10,000 pods: ${JSON.stringify(populated10k)}`);
    await scenarioStartup(10_000);
  }
  try {
    tmux('kill-server');
  } catch {
    // gone
  }
  const v = versions();
  const report = [
    `date: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · took ${((Date.now() - startedAt.getTime()) / 60000).toFixed(1)} min · load average at start: ${loadAtStart} · at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    `machine: ${v.machine}`,
    `podlife ${v.podlife} · k9s ${v.k9s} · kubectl ${v.kubectl} · kube-apiserver ${v.apiserver} (etcd + apiserver only, pods on a fake node)`,
    `runs: ${RUNS} (startup, memory), ${CHURN_RUNS} (churn, idle); medians shown · pane ${COLS}×${ROWS}, full screen = ${FULL} pod rows (kubectl: ${FULL} lines) · status writes achieved: 100/s → ${fmt(median(driverNotes.churn100 ?? []), 0)}/s, 500/s → ${fmt(median(driverNotes.churn500 ?? []), 0)}/s`,
    '',
    table(),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (OUT) writeFileSync(OUT, `${report}\n`);
  writeFileSync(path.join(SCRATCH, 'results.json'), JSON.stringify({ results, driverNotes }, null, 1));
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  try {
    tmux('kill-server');
  } catch {
    // gone
  }
  process.exit(1);
});
