// The bench's flags. Every size and duration defaults to what the issues ask for; smaller
// values make a smoke run, whose figures prove nothing about the targets (the report says
// so, and --results refuses to write them into bench/).
const args = process.argv.slice(2);

/** A mistake in how the bench was called: the message alone, no stack. */
export function usage(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const number = (name, fallback) => {
  const value = Number(flag(name, fallback));
  if (!Number.isFinite(value) || value <= 0) usage(`--${name} needs a positive number`);
  return value;
};
const list = (name, fallback) => String(flag(name, fallback)).split(',').filter(Boolean);

// In the order they run: each needs at most one clear of the pods before it.
export const SCENARIOS = ['startup', 'churn', 'burst', 'slowlink', 'memory', 'soak', 'scale50k'];
/** Scenarios run only when --only names them: sidebyside compares two builds of podlife (--against). */
export const ON_REQUEST = ['sidebyside'];
/** Every scenario --only may name, in the order they run. */
export const KNOWN_SCENARIOS = [...SCENARIOS, ...ON_REQUEST];

const QUICK = args.includes('--quick');
const RUNS = number('runs', QUICK ? 1 : 3);
/** Full-size values: a run with any smaller one is a smoke run. */
export const FULL_SIZE = {
  pods: 5000,
  memoryPods: 10_000,
  churnSeconds: 60,
  scalePods: 50_000,
  scaleNamespaces: 100,
  soakPods: 5000,
  soakMinutes: 20,
  slowlinkPods: 5000,
  burstPods: 100,
};

export const options = {
  runs: RUNS,
  churnRuns: number('churn-runs', RUNS),
  soakRuns: number('soak-runs', 1),
  tools: list('tools', 'podlife,k9s,kubectl'),
  only: list('only', SCENARIOS.join(',')),
  out: flag('out', undefined),
  /** Rewrite bench/RESULTS.md (the sections of the scenarios run) and bench/soak-rss.svg. */
  results: args.includes('--results'),
  quick: QUICK,
  namespaces: number('namespaces', 10),
  pods: number('pods', FULL_SIZE.pods),
  memoryPods: number('memory-pods', FULL_SIZE.memoryPods),
  // churn: each rate held for --churn-seconds
  churnRates: list('churn-rates', '100,500').map(Number),
  churnSeconds: number('churn-seconds', QUICK ? 15 : FULL_SIZE.churnSeconds),
  idleSeconds: number('idle-seconds', QUICK ? 15 : 60),
  /** Run the driver under taskset on these CPUs (its own core budget), e.g. --driver-cpus 0. */
  driverCpus: flag('driver-cpus', undefined),
  /** Profile podlife (node --cpu-prof) in one extra churn run at the first rate; --no-cpu-prof skips it. */
  profile: !args.includes('--no-cpu-prof'),
  scalePods: number('scale-pods', FULL_SIZE.scalePods),
  scaleNamespaces: number('scale-namespaces', FULL_SIZE.scaleNamespaces),
  scaleStep: number('scale-step', 10_000),
  scaleSettleSeconds: number('scale-settle-seconds', 10),
  soakPods: number('soak-pods', FULL_SIZE.soakPods),
  soakMinutes: number('soak-minutes', FULL_SIZE.soakMinutes),
  soakRate: number('soak-rate', 100),
  soakPodChurn: number('soak-pod-churn', 10),
  soakEvents: number('soak-events', 10),
  soakSampleSeconds: number('soak-sample-seconds', 10),
  soakTools: list('soak-tools', flag('tools', 'podlife,k9s,kubectl')),
  slowlinkPods: number('slowlink-pods', FULL_SIZE.slowlinkPods),
  burstPods: number('burst-pods', FULL_SIZE.burstPods),
  burstGraceSeconds: number('burst-grace-seconds', 5),
  /** DELETEs outstanding at once in the burst (0: all): see bench/driver/burst.go. */
  burstInFlight: number('burst-in-flight', 4),
  slowlinkRttMs: number('slowlink-rtt-ms', 80),
  slowlinkMbit: number('slowlink-mbit', 20),
  /** Give up on a first full screen after this long. */
  fullTimeoutSeconds: number('full-timeout-seconds', 300),
};

for (const name of options.only) {
  if (!KNOWN_SCENARIOS.includes(name)) usage(`--only: unknown scenario ${name} (known: ${KNOWN_SCENARIOS.join(', ')})`);
}
if (options.only.includes('sidebyside') !== args.includes('--against')) usage('--only sidebyside and --against REV go together: the scenario compares this checkout with that commit');
if (options.only.includes('sidebyside') && options.results) usage('--results writes full runs of the tools into bench/RESULTS.md; sidebyside compares two builds of podlife and goes to the report only');

/** The sizes below the full ones in the scenarios that run: non-empty means a smoke run. */
export function smokeReasons() {
  const o = options;
  const run = (s) => o.only.includes(s);
  const reasons = [];
  const below = (scenario, name, value, full) => {
    if (run(scenario) && value < full) reasons.push(`${scenario}: ${name} ${value} < ${full}`);
  };
  for (const s of ['startup', 'churn', 'burst', 'sidebyside']) below(s, 'pods', o.pods, FULL_SIZE.pods);
  below('burst', 'burst-pods', o.burstPods, FULL_SIZE.burstPods);
  for (const s of ['churn', 'sidebyside']) below(s, 'churn-seconds', o.churnSeconds, FULL_SIZE.churnSeconds);
  below('memory', 'memory-pods', o.memoryPods, FULL_SIZE.memoryPods);
  below('scale50k', 'scale-pods', o.scalePods, FULL_SIZE.scalePods);
  below('scale50k', 'scale-namespaces', o.scaleNamespaces, FULL_SIZE.scaleNamespaces);
  below('soak', 'soak-pods', o.soakPods, FULL_SIZE.soakPods);
  below('soak', 'soak-minutes', o.soakMinutes, FULL_SIZE.soakMinutes);
  below('slowlink', 'slowlink-pods', o.slowlinkPods, FULL_SIZE.slowlinkPods);
  if (run('churn') && !(o.churnRates.includes(100) && o.churnRates.includes(500))) reasons.push(`churn: rates ${o.churnRates.join(',')} leave out 100 or 500`);
  below('soak', 'soak-rate', o.soakRate, 100);
  below('soak', 'soak-pod-churn', o.soakPodChurn, 10);
  below('soak', 'soak-events', o.soakEvents, 10);
  // The soak is one 20-minute run per tool (its runs are --soak-runs, 1 is full size); the
  // side by side runs the churn's runs (--churn-runs), not --runs.
  if (o.runs < 3 && o.only.some((s) => s !== 'soak' && s !== 'sidebyside')) reasons.push(`runs ${o.runs} < 3`);
  if ((run('churn') || run('sidebyside')) && o.churnRuns < 3) reasons.push(`churn-runs ${o.churnRuns} < 3`);
  return reasons;
}
