// What `podlife rollout` prints while it follows: the Deployment's and ReplicaSets' counts,
// each old pod's cause, endpoint moves, log lines and grace bar, each new pod Ready; and,
// when the rollout is over (complete with every old pod gone, or stalled), the summary.
import { endpointEvents } from '../lifecycle/endpoints.js';
import { LOG_REASON } from '../lifecycle/pod-timeline.js';
import { describeOutcome, terminationOutcome, viewTermination } from '../lifecycle/termination.js';
import { graceBarText } from '../render/grace-bar-text.js';
import { EXIT } from './exit-codes.js';
import type { PodSession } from './pod-session.js';
import { exitCodeOf, formatReport, oldPodReport, replicaSetSummary, type RolloutReport } from './rollout-report.js';
import type { RolloutTracker } from './rollout-tracker.js';

/** After the Deployment reports complete, how long old pods still stopping are waited for. */
const OLD_POD_WAIT_MS = 120_000;

export class RolloutFollower {
  private readonly said = new Map<string, string>();
  private started = false;
  private startedAt?: number;
  private sawStart = false;
  private readonly startRevision?: number;
  private completeAt?: number;

  constructor(
    private readonly open: PodSession,
    private readonly tracker: RolloutTracker,
    private readonly where: string,
    private readonly watch: boolean,
    private readonly json: boolean,
  ) {
    this.startRevision = tracker.status()?.revision;
  }

  async run(): Promise<number> {
    const { store } = this.open;
    await this.settle();
    const status = this.tracker.status()!;
    this.started = status.phase !== 'complete';
    if (this.started) this.startedAt = store.clock(); // already rolling: timed from when podlife saw it
    if (!this.watch) return this.finish();
    if (!this.started) this.print(`deployment/${this.tracker.name} is rolled out at revision ${status.revision ?? '?'} in ${this.where}; waiting for the next rollout (kubectl rollout restart deployment/${this.tracker.name}), Ctrl-C to stop`);
    return new Promise((resolve) => {
      const step = () => {
        const code = this.step();
        if (code === undefined) return;
        unsubscribe();
        clearInterval(ticker);
        resolve(code);
      };
      const unsubscribe = store.subscribe(step);
      const ticker = setInterval(step, 250); // the Deployment changes outside the store, and bars move with time
      step();
    });
  }

  /** Waits until the pods (and their ReplicaSets) are listed. */
  private async settle(): Promise<void> {
    const { store, session } = this.open;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const status = store.statusList().find((s) => s.context === session.context);
      if (status?.state === 'error') throw new Error(status.message ?? `cannot list pods in ${this.where}`);
      if (status?.state === 'live' && this.tracker.replicaSetList().length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500)); // events and slices are listed beside the pods
  }

  /** One look at everything; an exit code once the rollout is over. */
  private step(): number | undefined {
    const { store } = this.open;
    const status = this.tracker.status();
    if (!status) return undefined;
    if (!this.started) {
      if (status.phase === 'complete' && status.revision === this.startRevision) return undefined;
      this.started = true;
      this.sawStart = true;
      this.startedAt = store.clock();
    }
    this.tracker.classify(store.allRows());
    this.narrate();
    if (status.phase === 'stalled') return this.finish();
    if (status.phase !== 'complete') {
      this.completeAt = undefined;
      return undefined;
    }
    this.completeAt ??= store.clock();
    const stillStopping = [...this.tracker.oldPods.keys()].some((key) => store.groupRows(key).some((r) => r.goneAt === undefined));
    if (stillStopping && store.clock() - this.completeAt < OLD_POD_WAIT_MS) return undefined;
    return this.finish();
  }

  private narrate(): void {
    const { store } = this.open;
    const now = store.clock();
    const status = this.tracker.status()!;
    this.once('status', `deployment ${status.updated}/${status.desired} updated, ${status.ready} ready, ${status.available} available: ${status.message}`);
    const sets = this.tracker.replicaSetList().filter((rs) => rs.desired > 0 || rs.replicas > 0 || rs.revision === status.revision);
    this.once('replicasets', `replicasets ${sets.map((rs) => `${rs.name} (rev ${rs.revision ?? '?'}) ${rs.ready} ready of ${rs.desired}`).join(' · ')}`);
    for (const [groupKey, pod] of this.tracker.oldPods) {
      const rows = store.groupRows(groupKey);
      const cause = rows[0]?.cause;
      if (cause) this.once(`${groupKey}:cause`, `old ${pod}: stopping: ${cause.text}`);
      // Endpoint moves and what the containers logged while stopping, once each.
      const events = store.eventsFor(groupKey);
      const news = rows[0] ? [...endpointEvents(events, rows[0]), ...events.filter((e) => e.reason === LOG_REASON)].sort((a, b) => a.at - b.at) : [];
      for (const e of news) {
        const what = e.reason === LOG_REASON ? `${e.container} log: ${e.message}` : `${e.reason.replace(/^Endpoint/, 'endpoint ').toLowerCase()}: ${e.message}`;
        this.once(`${groupKey}:${e.at}:${what}`, `old ${pod} ${what}`, e.at);
      }
      for (const row of rows) {
        const t = row.termination;
        if (!t) continue;
        const outcome = terminationOutcome(t);
        const phase = outcome ? 'done' : viewTermination(t, now).phase;
        if (this.said.get(`${row.key}:phase`) === phase) continue;
        this.said.set(`${row.key}:phase`, phase);
        this.print(`old ${pod} ${row.name}: ${outcome ? describeOutcome(outcome) : graceBarText(t, now)}`);
      }
      if (rows.length && rows.every((r) => r.goneAt !== undefined)) this.once(`${groupKey}:gone`, `old ${pod}: gone`);
    }
    for (const [groupKey, pod] of this.tracker.newPods) {
      const mains = store.groupRows(groupKey).filter((r) => r.kind === 'main');
      if (mains.length && mains.every((r) => r.ready)) this.once(`${groupKey}:ready`, `new ${pod}: Ready`);
    }
  }

  private finish(): number {
    const report = this.report();
    if (this.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else process.stdout.write(formatReport(report).join('\n') + '\n');
    return report.exitCode;
  }

  private report(): RolloutReport {
    const { store, session } = this.open;
    const status = this.tracker.status()!;
    this.tracker.classify(store.allRows());
    const oldPods = [...this.tracker.oldPods].map(([key, pod]) => {
      const owner = store.groupRows(key)[0]?.owner;
      return oldPodReport(store, key, pod, owner?.revision);
    });
    const revisions = oldPods.map((p) => p.revision).filter((r): r is number => r !== undefined);
    const report: RolloutReport = {
      deployment: this.tracker.name,
      namespace: this.tracker.namespace,
      context: session.context,
      result: status.phase,
      message: status.message,
      desired: status.desired,
      updated: status.updated,
      ready: status.ready,
      available: status.available,
      // The ReplicaSets this rollout moved: the new one and those of the old pods seen (not every past revision).
      replicaSets: replicaSetSummary(this.tracker.replicaSetList().filter((rs) => rs.desired > 0 || rs.replicas > 0 || rs.revision === status.revision || oldPods.some((p) => p.revision === rs.revision))),
      oldPods,
      newPods: [...this.tracker.newPods].map(([key, pod]) => ({ pod, ready: store.groupRows(key).filter((r) => r.kind === 'main').every((r) => r.ready) })),
      exitCode: EXIT.ok,
    };
    if (revisions.length) report.fromRevision = Math.max(...revisions);
    if (status.revision !== undefined) report.toRevision = status.revision;
    if (this.startedAt !== undefined) {
      report.seconds = (store.clock() - this.startedAt) / 1000;
      report.sawStart = this.sawStart;
    }
    report.exitCode = status.phase === 'progressing' ? EXIT.ok : exitCodeOf(status.phase, oldPods);
    return report;
  }

  private once(key: string, line: string, at?: number): void {
    if (this.said.get(key) === line) return;
    this.said.set(key, line);
    this.print(line, at);
  }

  private print(line: string, at = this.open.store.clock()): void {
    if (this.json) return;
    process.stdout.write(`${clock(at)}  ${line}\n`);
  }
}

function clock(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${Math.floor(d.getMilliseconds() / 100)}`;
}
