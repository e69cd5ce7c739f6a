// `podlife delete`'s flags and outcome without a cluster: grace values refused or turned
// into what is sent, flags refused for commands they do not apply to, and the exit code
// decided from real pod objects captured from the cluster (test/fixtures/kubernetes).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deleteOutcome } from '../../src/cli/delete-outcome.js';
import { deleteRequest } from '../../src/cli/delete-request.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { refuseFlagsNotFor } from '../../src/cli/flag-scope.js';
import { UsageError } from '../../src/cli/options.js';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import { deleteGraceSeconds } from '../../src/sources/kubernetes.js';

const rows = (name: string) => podToRows(JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/kubernetes/${name}.json`, import.meta.url)), 'utf8')), { context: 'podlife-local' });
const gone = (name: string) => rows(name).map((r) => ({ ...r, goneAt: 1 }));

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError); // exit 2
    return (err as Error).message;
  }
  throw new Error('was not refused');
}

describe('delete --grace / --now / --force', () => {
  it('refuses what is not a whole number of seconds ≥ 0, quoting it', () => {
    for (const bad of ['-3', 'abc', '1.5', '', ' 5', '0x10', '1e3']) {
      expect(refusal(() => deleteRequest({ grace: bad }))).toBe(`--grace must be a whole number of seconds, 0 or more (got "${bad}")`);
    }
  });

  it('grace 0 only with --force; the refusal says what a force delete means and what to type instead', () => {
    const message = refusal(() => deleteRequest({ grace: '0' }));
    expect(message).toMatch(/^--grace 0 is a force delete: the pod object is removed at once/);
    expect(message).toContain('a container may go on running');
    expect(message).toContain('Add --force');
    expect(message).toContain('--now (grace 1)');
    expect(deleteRequest({ grace: '0', force: true, yes: true })).toEqual({ mode: 'stop', force: true, graceSeconds: 0, yes: true });
  });

  it('combinations kubectl refuses are refused', () => {
    expect(refusal(() => deleteRequest({ grace: '5', force: true }))).toMatch(/^--force and --grace greater than 0 cannot be specified together/);
    expect(refusal(() => deleteRequest({ grace: '5', now: true }))).toMatch(/^--now and --grace cannot be specified together/);
    expect(refusal(() => deleteRequest({ now: true, force: true }))).toMatch(/^--now \(grace 1\) and --force \(grace 0\) cannot be specified together/);
  });

  it('what is sent is what was asked: --grace N → N, --now → 1, --force → 0, nothing → the pod\'s own', () => {
    const sent = (flags: Parameters<typeof deleteRequest>[0], own = 30) => {
      const r = deleteRequest({ ...flags, yes: true });
      return deleteGraceSeconds({ mode: r.mode, graceSeconds: r.graceSeconds ?? own, force: r.force });
    };
    expect(sent({ grace: '7' })).toBe(7);
    expect(sent({ grace: '1' })).toBe(1);
    expect(sent({ now: true })).toBe(1);
    expect(sent({ force: true })).toBe(0);
    expect(sent({ grace: '0', force: true })).toBe(0);
    expect(sent({}, 45)).toBe(45);
  });
});

describe('delete asks first', () => {
  it('without a terminal to ask on, only --yes deletes; the refusal says so (exit 2, nothing sent)', () => {
    expect(refusal(() => deleteRequest({ grace: '5' }, false))).toBe('podlife delete asks before it deletes, and there is no terminal to ask on: give --yes');
    expect(deleteRequest({ grace: '5', yes: true }, false).yes).toBe(true);
    expect(deleteRequest({ grace: '5' }, true).yes).toBe(false); // it will ask on the terminal
  });
});

describe('flags that do not apply to the command run', () => {
  it('the dashboard refuses --grace, --now, --force and --watch, naming the command they belong to', () => {
    expect(refusal(() => refuseFlagsNotFor('dashboard', { grace: '5' }))).toBe('--grace only applies to podlife delete and podlife drain, not to the dashboard (podlife)');
    expect(refusal(() => refuseFlagsNotFor('dashboard', { now: true }))).toBe('--now only applies to podlife delete, not to the dashboard (podlife)');
    expect(refusal(() => refuseFlagsNotFor('dashboard', { force: true }))).toBe('--force only applies to podlife delete and podlife drain, not to the dashboard (podlife)');
    expect(refusal(() => refuseFlagsNotFor('dashboard', { watch: true }))).toBe('--watch only applies to podlife delete, podlife timeline and podlife rollout, not to the dashboard (podlife)');
  });

  it('delete and timeline refuse dashboard-only flags; a boolean left false is not "given"', () => {
    expect(refusal(() => refuseFlagsNotFor('delete', { once: true }))).toBe('--once only applies to the dashboard (podlife), not to podlife delete');
    expect(refusal(() => refuseFlagsNotFor('delete', { output: 'json' }))).toBe('-o/--output only applies to the dashboard (podlife), podlife timeline, podlife rollout and podlife drain, not to podlife delete');
    expect(refusal(() => refuseFlagsNotFor('timeline', { grace: '3' }))).toBe('--grace only applies to podlife delete and podlife drain, not to podlife timeline');
    expect(refusal(() => refuseFlagsNotFor('delete', { dockerHost: 'unix:///x' }))).toBe('--docker-host only applies to the dashboard (podlife), not to podlife delete');
    expect(refusal(() => refuseFlagsNotFor('rollout', { grace: '3' }))).toBe('--grace only applies to podlife delete and podlife drain, not to podlife rollout');
    expect(refusal(() => refuseFlagsNotFor('rollout', { selector: 'app=web' }))).toBe('name cannot be provided when a selector is specified: podlife rollout takes deployment/NAME, not -l');
    expect(() => refuseFlagsNotFor('dashboard', { watch: false, now: false, force: false, once: true })).not.toThrow();
    expect(() => refuseFlagsNotFor('delete', { grace: '3', watch: true, namespace: 'x', context: 'c', readonly: false })).not.toThrow();
  });

  it('a name with -A, -l or several contexts is ambiguous, in kubectl\'s words where kubectl has them', () => {
    for (const command of ['delete', 'timeline'] as const) {
      expect(refusal(() => refuseFlagsNotFor(command, { allNamespaces: true }))).toMatch(/^a resource cannot be retrieved by name across all namespaces/);
      expect(refusal(() => refuseFlagsNotFor(command, { selector: 'app=web' }))).toMatch(/^name cannot be provided when a selector is specified/);
      expect(refusal(() => refuseFlagsNotFor(command, { context: 'a,b' }))).toBe(`podlife ${command} acts on one context; --context a,b names several: pick one`);
    }
  });
});

describe('delete --watch exit code from what was seen (real pod objects)', () => {
  it('every container seen to exit 0 → 0 (a completed pod)', () => {
    expect(deleteOutcome(gone('completed'), false)).toMatchObject({ code: EXIT.ok, containers: [{ verdict: 'ok', text: 'exited 0' }] });
  });

  it('a non-zero exit → 3, with the code (the crash-loop pod exits 3)', () => {
    expect(deleteOutcome(gone('crash-loop-terminated'), false)).toMatchObject({ code: EXIT.failed, containers: [{ verdict: 'failed', text: 'exited 3' }] });
  });

  it('last seen Running when the pod went → 5, never 0; with --force it says why', () => {
    const unseen = deleteOutcome(gone('lifecycle-running'), false);
    expect(unseen.code).toBe(EXIT.unseen);
    expect(unseen.containers[0]!.text).toBe('exit not seen: the pod was gone before its final status arrived (last seen Running)');
    expect(deleteOutcome(gone('lifecycle-running'), true).containers[0]!.text).toMatch(/^exit not seen: force delete/);
  });

  it('a container that never ran → 5, saying so', () => {
    expect(deleteOutcome(gone('image-pull-backoff'), false).containers[0]!.text).toBe('exit not seen: it never ran (last seen Waiting ImagePullBackOff)');
  });

  it('an exit 137 stamped (whole seconds) before the deadline but received after it was a KILL at the deadline; an OOM kill is not', () => {
    const termination = { requestedAt: 10_000, graceSeconds: 2, deadline: 12_000, hasPreStop: false, exitedAt: 11_800, exitCode: 137 };
    const row = { ...gone('crash-loop-terminated')[0]!, exitCode: 137, reason: 'Error', termination };
    expect(deleteOutcome([row], false, () => 12_150).containers[0]).toEqual({ container: row.name, verdict: 'killed', text: 'KILLed at the 2 s deadline (exit 137, reported after the grace ran out)' });
    expect(deleteOutcome([row], false, () => 11_900).code).toBe(EXIT.failed);
    expect(deleteOutcome([{ ...row, reason: 'OOMKilled' }], false, () => 12_150).code).toBe(EXIT.failed);
  });

  it('several containers: a KILL outranks a failed exit, which outranks an unseen one', () => {
    const killedRow = { ...gone('completed')[0]!, name: 'k', termination: { requestedAt: 0, graceSeconds: 2, deadline: 2000, hasPreStop: false, killSentAt: 2000, exitedAt: 2100, exitCode: 137 } };
    const failed = gone('crash-loop-terminated')[0]!;
    const unseen = gone('lifecycle-running')[0]!;
    expect(deleteOutcome([unseen, failed, killedRow], false).code).toBe(EXIT.killed);
    expect(deleteOutcome([unseen, failed], false).code).toBe(EXIT.failed);
    expect(deleteOutcome([...gone('completed'), unseen], false).code).toBe(EXIT.unseen);
  });
});
