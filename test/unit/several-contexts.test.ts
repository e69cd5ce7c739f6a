// `--context a,b`: every context keeps its own namespace, its own rows and its own place
// in the session, through a namespace switch and through a replay of its recording.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { resolveSource } from '../../src/cli/resolve-source.js';
import type { Options } from '../../src/cli/options.js';
import { createRecorder } from '../../src/record/recorder.js';
import { Session, type SourceProvider } from '../../src/session.js';
import { Store } from '../../src/store/store.js';
import { StaticSource } from '../support/static-source.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const pod = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as PodJson;

/** Two kube contexts whose kubeconfig entries name different namespaces, like kubeconfig's `context.namespace`. */
function twoContexts(followContextNamespace: boolean, namespace = 'ns-a') {
  const own: Record<string, string> = { a: 'ns-a', b: 'ns-b', c: 'ns-c' };
  const created: StaticSource[] = [];
  const provider: SourceProvider = {
    kind: 'kubernetes',
    create(context, ns) {
      const source = new StaticSource('kubernetes', context, ns ?? own[context]!, []);
      created.push(source);
      return source;
    },
  };
  const session = new Session(new Store({ frameMs: 0 }), provider, { context: 'a,b', namespace, readonly: false, followContextNamespace });
  session.start();
  const inView = () => created.filter((s) => !s.closed).map((s) => `${s.context}:${s.namespace}`);
  return { session, inView };
}

describe('several contexts: namespaces', () => {
  it('without -n each context watches its own default namespace, and the header says which', () => {
    const { session, inView } = twoContexts(true);
    expect(inView()).toEqual(['a:ns-a', 'b:ns-b']);
    expect(session.namespace).toBe('ns-a (a), ns-b (b)');
  });

  it('-n applies to every context', () => {
    const { session, inView } = twoContexts(false, 'shared');
    expect(inView()).toEqual(['a:shared', 'b:shared']);
    expect(session.namespace).toBe('shared');
  });

  it('n / :ns keeps every context in view, each in the namespace chosen', async () => {
    const { session, inView } = twoContexts(true);
    await session.switchNamespace('team');
    expect(session.contexts).toEqual(['a', 'b']);
    expect(inView()).toEqual(['a:team', 'b:team']);
    await session.switchNamespace('');
    expect(inView()).toEqual(['a:', 'b:']);
    expect(session.namespace).toBe('');
  });

  it('without -n, :ctx to other contexts brings their own namespaces; the same contexts keep the chosen one', async () => {
    const { session, inView } = twoContexts(true);
    await session.switchNamespace('team');
    await session.switchTo('a,b');
    expect(inView()).toEqual(['a:team', 'b:team']);
    await session.switchTo('b,c');
    expect(inView()).toEqual(['b:ns-b', 'c:ns-c']);
  });
});

describe('several contexts: replay', () => {
  it('replaying an a,b recording keeps both contexts\' rows (one list does not wipe the other\'s)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'podlife-two-contexts-')), 'a-b.ndjson');
    const recorder = createRecorder(file, { source: 'kubernetes', context: 'a,b', namespace: 'demo' });
    const t0 = Date.parse('2026-11-25T08:00:00Z');
    const list = (t: number, context: string, ...names: string[]) => recorder.tap({ t, type: 'k8s.pods.list', context, data: { items: names.map(pod), resourceVersion: '1' } });
    list(t0, 'a', 'lifecycle-running');
    list(t0 + 10, 'b', 'crash-loop-backoff', 'completed');
    // Each context relists again, later: still only its own rows change.
    list(t0 + 20, 'a', 'lifecycle-running');
    await recorder.close();

    const options = { source: 'replay', replay: file, speed: 1, once: true, readonly: false } as Options;
    const resolved = await resolveSource(options);
    expect(resolved.context).toBe('a,b');
    const store = new Store({ frameMs: 0, clock: resolved.clock });
    const session = new Session(store, resolved.provider, { context: resolved.context, namespace: resolved.namespace, readonly: false });
    session.start();
    for (let waited = 0; store.statusList().filter((s) => s.state === 'ended').length < 2; waited += 10) {
      if (waited > 5_000) throw new Error(`the replay did not end: ${JSON.stringify(store.statusList())}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const rows = store.allRows().filter((r) => r.goneAt === undefined);
    expect(rows.map((r) => `${r.context}/${r.group}`).sort()).toEqual(['a/lifecycle', 'b/completed', 'b/crash-loop']);
    expect(store.contextCount()).toBe(2);
    await session.close();
    store.dispose();
  });
});
