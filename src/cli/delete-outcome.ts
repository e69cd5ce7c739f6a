// How `podlife delete --watch` ends: each container's outcome as podlife SAW it, one line
// each, and the exit code a script can rely on. Only a seen exit 0 counts as success; an
// exit podlife did not see (a force delete, a pod gone before its final status arrived)
// is reported as not seen, never as 0. A pod still there when --timeout runs out ends
// with exit 7, and names the finalizers that hold it once its containers have stopped.
import { terminationOutcome } from '../lifecycle/termination.js';
import { signalName } from '../lifecycle/signals.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { EXIT } from './exit-codes.js';

export type Verdict = 'ok' | 'failed' | 'killed' | 'unseen';

export interface ContainerVerdict {
  container: string;
  verdict: Verdict;
  /** "exited 143 (128+15: ended by SIGTERM, which the process did not handle)" */
  text: string;
}

export interface DeleteOutcome {
  code: number;
  containers: ContainerVerdict[];
  /** The last line: the exit code and why. */
  summary: string;
}

/** When containers differ, the worst known outcome decides: a KILL, then a failed exit, then an unseen one. */
const RANK: Verdict[] = ['killed', 'failed', 'unseen', 'ok'];
const CODE: Record<Verdict, number> = { ok: EXIT.ok, failed: EXIT.failed, killed: EXIT.killed, unseen: EXIT.unseen };
const WHY: Record<Verdict, string> = {
  ok: 'every container was seen to exit 0',
  failed: 'a container exited non-zero',
  killed: 'a container was KILLed at the grace deadline',
  unseen: "a container's exit was not seen",
};

/**
 * `seenExitAt`: when podlife received each container's exit (store clock). The kubelet
 * stamps finishedAt in whole seconds, so an exit 137 can look earlier than the deadline it
 * was KILLed at; an exit 137 that arrived only after the grace ran out was a KILL at the
 * deadline (unless the kubelet says OOMKilled).
 */
export function deleteOutcome(rows: ContainerRow[], forced: boolean, seenExitAt: (row: ContainerRow) => number | undefined = () => undefined): DeleteOutcome {
  const containers = rows.map((row) => verdictOf(row, forced, seenExitAt(row)));
  const worst = RANK.find((v) => containers.some((c) => c.verdict === v)) ?? 'unseen';
  const code = CODE[worst];
  return { code, containers, summary: `pod gone; exit ${code}: ${containers.length ? WHY[worst] : 'no container was seen'}` };
}

/**
 * The pod's containers have all stopped and only its finalizers keep the object: a line
 * saying so, naming them; undefined otherwise. Whoever added a finalizer removes it (a
 * controller, an operator, a person with kubectl patch), so podlife only says who holds it.
 */
export function finalizerHold(rows: ContainerRow[]): string | undefined {
  const finalizers = rows[0]?.finalizers;
  if (!finalizers?.length || rows.some((r) => r.state === 'Running')) return undefined;
  return `containers stopped; the pod is held by ${finalizerNames(finalizers)} (not podlife's to remove)`;
}

/** --timeout ran out with the pod still there: each container as far as it got, and what keeps the pod. */
export function deleteTimedOut(
  rows: ContainerRow[],
  forced: boolean,
  timeoutMs: number,
  seenExitAt: (row: ContainerRow) => number | undefined = () => undefined,
): DeleteOutcome {
  const containers = rows.map((row): ContainerVerdict => {
    if (row.state === 'Terminated') return verdictOf(row, forced, seenExitAt(row));
    return { container: row.name, verdict: 'unseen', text: `not exited yet (last seen ${row.state}${row.reason ? ` ${row.reason}` : ''})` };
  });
  const pod = `pod/${rows[0]?.group ?? '?'}`;
  const finalizers = rows[0]?.finalizers ?? [];
  const stopped = !rows.some((r) => r.state === 'Running');
  const why = stopped && finalizers.length
    ? `its containers stopped; the pod is held by ${finalizerNames(finalizers)} (not podlife's to remove)`
    : stopped
      ? 'its containers stopped; the kubelet has not removed it yet'
      : `its containers are still stopping${finalizers.length ? `, and ${finalizerNames(finalizers)} will hold it after` : ''}`;
  const after = timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${(timeoutMs / 1000).toFixed(1)} s`;
  return { code: EXIT.timedOut, containers, summary: `delete timed out after ${after} with ${pod} still there: ${why}; exit ${EXIT.timedOut}` };
}

/** "finalizer example.com/hold", "finalizers a and b", "finalizers a, b and c". */
function finalizerNames(finalizers: string[]): string {
  if (finalizers.length === 1) return `finalizer ${finalizers[0]}`;
  return `finalizers ${finalizers.slice(0, -1).join(', ')} and ${finalizers.at(-1)}`;
}

function verdictOf(row: ContainerRow, forced: boolean, seenExitAt: number | undefined): ContainerVerdict {
  const container = row.name;
  const t = row.termination;
  const outcome = t ? terminationOutcome(t) : undefined;
  if (outcome?.killed) return { container, verdict: 'killed', text: `KILLed at the ${outcome.graceSeconds} s deadline (exit ${outcome.exitCode ?? '?'})` };
  if (t && outcome?.exitCode === 137 && row.reason !== 'OOMKilled' && seenExitAt !== undefined && seenExitAt >= t.deadline) {
    return { container, verdict: 'killed', text: `KILLed at the ${t.graceSeconds} s deadline (exit 137, reported after the grace ran out)` };
  }
  // The final status: the termination's exit, else a container that had already ended (an init container, a completed pod).
  const exitCode = outcome ? outcome.exitCode : row.state === 'Terminated' ? row.exitCode : undefined;
  if (exitCode === 0) return { container, verdict: 'ok', text: 'exited 0' };
  if (exitCode !== undefined) return { container, verdict: 'failed', text: `exited ${exitCode}${bySignal(exitCode)}` };
  return { container, verdict: 'unseen', text: `exit not seen: ${whyUnseen(row, forced)}` };
}

/** 143 → " (128+15: ended by SIGTERM, which the process did not handle)". */
function bySignal(exitCode: number): string {
  const name = exitCode > 128 ? signalName(exitCode - 128) : undefined;
  if (!name) return '';
  const how = name === 'SIGTERM' ? ', which the process did not handle; exit 0 on TERM to stop cleanly' : name === 'SIGKILL' ? ' before the deadline (out of memory, or a kill from elsewhere)' : '';
  return ` (128+${exitCode - 128}: ended by ${name}${how})`;
}

function whyUnseen(row: ContainerRow, forced: boolean): string {
  if (forced) return 'force delete: the pod object went at once, the container may still be running on the node';
  const last = `${row.state}${row.reason ? ` ${row.reason}` : ''}`;
  if (row.state === 'Waiting' && row.startedAt === undefined && !row.lastState) return `it never ran (last seen ${last})`;
  return `the pod was gone before its final status arrived (last seen ${last})`;
}
