// `podlife __complete`: what the shell scripts get for the word under the cursor. The
// flags each command takes are the ones --help documents for it.
import { describe, expect, it } from 'vitest';
import { complete, type ClusterScope, type CompletionLookups } from '../../src/cli/complete.js';

function fakeLookups() {
  const asked: { what: string; scope: ClusterScope }[] = [];
  const answer = (what: string, names: string[]) => async (scope: ClusterScope) => {
    asked.push({ what, scope });
    return names;
  };
  const lookups: CompletionLookups = {
    contexts: answer('contexts', ['kind-dev', 'prod']),
    namespaces: answer('namespaces', ['default', 'web']),
    pods: answer('pods', ['web-1', 'web-2']),
    deployments: answer('deployments', ['web']),
  };
  return { lookups, asked };
}

const run = (words: string[], defaults?: ClusterScope) => {
  const fake = fakeLookups();
  return complete(words, fake.lookups, defaults).then((result) => ({ ...result, asked: fake.asked }));
};

describe('podlife __complete', () => {
  it('offers the commands first, then nothing for the dashboard (it takes no arguments)', async () => {
    expect((await run([''])).candidates).toEqual(['delete', 'timeline', 'rollout', 'drain', 'uncordon', 'completion', 'config']);
    expect((await run(['completion', ''])).candidates).toEqual(['bash', 'zsh', 'fish']);
    expect((await run(['config', ''])).candidates).toEqual(['path', 'show']);
  });

  it("offers the flags each command takes: the dashboard's -A and --once, delete's --grace, not each other's", async () => {
    const dashboard = (await run(['-'])).candidates;
    expect(dashboard).toEqual(expect.arrayContaining(['--context', '--namespace', '-n', '--all-namespaces', '-A', '--once', '--docker-host', '--version', '--help']));
    expect(dashboard).not.toContain('--grace');
    const del = (await run(['delete', '--'])).candidates;
    expect(del).toEqual(expect.arrayContaining(['--grace', '--now', '--force', '--watch', '--context', '-n']));
    expect(del).not.toContain('--once');
    expect(del).not.toContain('-A');
    expect(del).not.toContain('--version');
  });

  it("completes a flag's value: contexts, namespaces, output formats, and file names for file flags", async () => {
    expect((await run(['--context', ''])).candidates).toEqual(['kind-dev', 'prod']);
    expect((await run(['delete', '-n', ''])).candidates).toEqual(['default', 'web']);
    expect((await run(['-o', ''])).candidates).toEqual(['table', 'json', 'ndjson']);
    expect(await run(['--kubeconfig', ''])).toMatchObject({ candidates: [], files: true });
    expect(await run(['--replay', 'demo/'])).toMatchObject({ files: true });
    // --grace takes a number: nothing to offer, and not the flags either.
    expect((await run(['delete', '--grace', ''])).candidates).toEqual([]);
  });

  it('completes --flag=value words whole, as zsh and fish hand them over', async () => {
    expect((await run(['--context=k'])).candidates).toEqual(['--context=kind-dev', '--context=prod']);
    expect((await run(['--namespace='])).candidates).toEqual(['--namespace=default', '--namespace=web']);
  });

  it('offers pod/NAME for delete and timeline, deployment/NAME for rollout, in the namespace and context on the line', async () => {
    const del = await run(['delete', '--context', 'prod', '-n', 'web', '']);
    expect(del.candidates).toEqual(['pod/web-1', 'pod/web-2']);
    expect(del.asked).toEqual([{ what: 'pods', scope: { kubeconfig: undefined, context: 'prod', namespace: 'web' } }]);
    expect((await run(['timeline', 'p'])).candidates).toEqual(['pod/web-1', 'pod/web-2']);
    expect((await run(['rollout', ''])).candidates).toEqual(['deployment/web']);
    // One target only: nothing after it.
    expect((await run(['delete', 'pod/web-1', ''])).candidates).toEqual([]);
  });

  it('reads a value that looks like a flag as the value ("-n -n" is namespace "-n"), and --flag=value words', async () => {
    expect((await run(['--kubeconfig=/tmp/kc', '--context', 'a,b', 'delete', ''])).asked[0]!.scope).toEqual({ kubeconfig: '/tmp/kc', context: 'a', namespace: undefined });
    expect((await run(['--context', '-n', ''])).candidates).toEqual(['delete', 'timeline', 'rollout', 'drain', 'uncordon', 'completion', 'config']);
  });

  it('falls back to the given defaults (the settings file) where the line names no context or namespace', async () => {
    const del = await run(['delete', ''], { context: 'prod', namespace: 'web' });
    expect(del.asked[0]!.scope).toEqual({ kubeconfig: undefined, context: 'prod', namespace: 'web' });
    const given = await run(['delete', '-n', 'other', ''], { context: 'prod', namespace: 'web' });
    expect(given.asked[0]!.scope.namespace).toBe('other');
  });

  it('does not offer kubeconfig contexts to --context after --docker (it names a Docker context there)', async () => {
    expect((await run(['--docker', '--context', ''])).candidates).toEqual([]);
  });
});
