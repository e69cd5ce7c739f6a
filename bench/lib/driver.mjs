// The Go load driver (bench/driver): populate, churn, list, clear, proxy. Also keeps track
// of what the cluster holds so that each scenario gets its population with the least work.
import { spawn, spawnSync } from 'node:child_process';
import { options } from './options.mjs';
import { DRIVER, KUBECONFIG, log } from './env.mjs';

/** --driver-cpus: the driver runs on its own core budget (taskset). */
function command(args) {
  return options.driverCpus ? ['taskset', ['-c', options.driverCpus, DRIVER, ...args]] : [DRIVER, args];
}

const lastJson = (text) => JSON.parse(text.trim().split('\n').pop());

/** Runs a driver command to its end; returns its JSON figures (throws with its stderr when it fails). */
export function driver(name, extra = [], kubeconfig = KUBECONFIG) {
  const [file, args] = command([name, '-kubeconfig', kubeconfig, ...extra]);
  const result = spawnSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    const error = new Error(`driver ${name} failed: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    try {
      error.figures = lastJson(result.stdout);
    } catch {
      // no figures printed
    }
    throw error;
  }
  return lastJson(result.stdout);
}

/** Runs a driver command without blocking the event loop (a screen is read meanwhile); resolves to its JSON figures. */
export function driverAsync(name, extra = [], kubeconfig = KUBECONFIG) {
  const [file, args] = command([name, '-kubeconfig', kubeconfig, ...extra]);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(lastJson(out)) : reject(new Error(`driver ${name} exited ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`))));
  });
}

/** Runs `driver churn` in the background; resolves to its figures. */
export function churnAsync({ pods, namespaces, rate, seconds, from = 0, podChurn = 0, events = 0 }) {
  const [file, args] = command([
    'churn', '-kubeconfig', KUBECONFIG, '-namespaces', String(namespaces), '-pods', String(pods), '-from', String(from),
    '-rate', String(rate), '-duration', `${seconds}s`, '-pod-churn', String(podChurn), '-events', String(events),
  ]);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(lastJson(out)) : reject(new Error(`driver churn exited ${code}`))));
  });
}

/** Starts the slow-link proxy in front of upstream (host:port); resolves to {address, stop()}. */
export function startProxy(upstream, rttMs, mbit) {
  const child = spawn(DRIVER, ['proxy', '-upstream', upstream, '-rtt', `${rttMs}ms`, '-mbit', String(mbit)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      const { listen } = JSON.parse(out.split('\n')[0]);
      resolve({
        address: listen,
        stop: () =>
          new Promise((done) => {
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`driver proxy exited ${code}`)));
  });
}

/**
 * What the cluster holds: pods [from, from+pods) over `namespaces` namespaces. A scenario
 * asks for its population; pods are added when it grows over the same namespaces,
 * otherwise every bench pod is cleared and the population written afresh.
 */
// Unknown at first (a kept cluster may hold an earlier run's pods): cleared on first use.
const held = { pods: 0, namespaces: 0, from: 0, clearNamespaces: 100 };

export function population(pods, namespaces) {
  if (held.pods === pods && held.namespaces === namespaces && held.from === 0) return { pods, from: 0 };
  let start = 0;
  if (held.namespaces === namespaces && held.from === 0 && held.pods < pods) {
    start = held.pods;
  } else if (held.clearNamespaces > 0) {
    log(`clearing the bench namespaces: ${JSON.stringify(driver('clear', ['-namespaces', String(held.clearNamespaces)]))}`);
  }
  const figures = driver('populate', ['-pods', String(pods), '-from', String(start), '-namespaces', String(namespaces)]);
  log(`populated ${pods} pods over ${namespaces} namespaces: ${JSON.stringify(figures)}`);
  Object.assign(held, { pods, namespaces, from: 0, clearNamespaces: Math.max(held.clearNamespaces, namespaces) });
  return { pods, from: 0, figures };
}

/** Populates in steps up to `pods`; stops at the first step the apiserver refuses. */
export function populateInSteps(pods, namespaces, step) {
  population(Math.min(step, pods), namespaces);
  let reached = held.pods;
  while (reached < pods) {
    const next = Math.min(reached + step, pods);
    try {
      const figures = driver('populate', ['-pods', String(next), '-from', String(reached), '-namespaces', String(namespaces)]);
      log(`populated ${next} pods: ${JSON.stringify(figures)}`);
      reached = next;
      held.pods = next;
    } catch (error) {
      return { reached, broke: { at: next, message: error.message, figures: error.figures } };
    }
  }
  return { reached };
}

/** Churn moved the live window: pods [from, from+pods) now. */
export function populationMoved(from) {
  held.from = from;
}

export const liveFrom = () => held.from;
