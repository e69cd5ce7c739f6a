// The first screen comes with the first page of the pod list, not with its last: the
// header says how far the list is ("listing 2 of ~5 pods", the total the apiserver's
// estimate), and the rows of later pages go below those already on screen. The pages are
// the real apiserver's (test/fixtures/kubernetes/paged), served by a stand-in that holds
// back the later ones until the test lets them go.
import './layout-engine.js';
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { Session } from '../../src/session.js';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { Store } from '../../src/store/store.js';
import type { ConnectionStatus } from '../../src/lifecycle/types.js';
import { App } from '../../src/ui/App.js';
import { Header } from '../../src/ui/Header.js';
import { PagedApiserver } from '../support/paged-apiserver.js';

const NAMESPACE = 'podlife-firstscreen';
const pages = [1, 2, 3].map((n) => readFileSync(new URL(`../fixtures/kubernetes/paged/namespace-page-${n}.json`, import.meta.url), 'utf8'));

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

/** Waits for the frame to satisfy `ok`, at most `ms`. */
async function until(frame: () => string | undefined, what: string, ok: (frame: string) => boolean, ms = 60_000): Promise<string> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const text = frame() ?? '';
    if (ok(text)) return text;
  }
  throw new Error(`the frame never showed ${what}:\n${frame()}`);
}

/** Where each pod's name first shows on the screen (-1: not on it). */
const positions = (frame: string, names: string[]) => names.map((name) => frame.search(new RegExp(`\\b${name}\\b`)));
/** The screen line each pod's row is on (its clock cells move on, its line must not). */
const lines = (frame: string, names: string[]) => names.map((name) => frame.split('\n').findIndex((line) => new RegExp(`\\b${name}\\b`).test(line)));

it('draws the first page at once with "listing N of ~M pods", keeps its rows in place as pages come, and drops the note once the list is in', async () => {
  const apiserver = await PagedApiserver.start(`/api/v1/namespaces/${NAMESPACE}/pods`, pages);
  const [second, third] = [apiserver.hold(1), apiserver.hold(2)];
  const store = new Store({ frameMs: 0 });
  const session = new Session(
    store,
    {
      kind: 'kubernetes',
      create: (_context, namespace) => new KubernetesSource({ target: apiserver.target(NAMESPACE), namespace, clockProbes: 0, timing: { listPageSize: 2 } }),
    },
    { context: 'paged', namespace: NAMESPACE, readonly: false },
  );
  session.start();
  const app = render(<App session={session} sourceLabel="kubernetes" />);
  cleanup.push(
    () => apiserver.close(),
    () => session.close(),
    () => app.unmount(),
  );

  // Page 1 of 3: api-0 and api-1, and the server's remainingItemCount of 3.
  let frame = await until(app.lastFrame, 'the first page', (f) => f.includes('api-1'));
  expect(frame).toContain('listing 2 of ~5 pods');
  expect(positions(frame, ['api-0', 'api-1', 'web-0'])).toEqual([expect.any(Number), expect.any(Number), -1]);
  const [api0, api1] = positions(frame, ['api-0', 'api-1']);
  expect(api0).toBeLessThan(api1!);
  const firstLines = lines(frame, ['api-0', 'api-1']);

  second();
  frame = await until(app.lastFrame, 'the second page', (f) => f.includes('web-1'));
  expect(frame).toContain('listing 4 of ~5 pods');
  // The first page's rows are where they were: the second page's go below them.
  expect(lines(frame, ['api-0', 'api-1'])).toEqual(firstLines);

  third();
  frame = await until(app.lastFrame, 'the whole list', (f) => f.includes('worker-0') && !f.includes('listing'));
  const order = positions(frame, ['api-0', 'api-1', 'web-0', 'web-1', 'worker-0']);
  expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  // Every pod of the list, in the header's counts (each runs one container).
  expect(frame).toContain('Running 5');
});

it('a relist in pages says how far it is also when the connection was live (410 Gone on the watch) or is still marked down', () => {
  const header = (status: ConnectionStatus) =>
    render(<Header sourceLabel="kubernetes" contexts={['paged']} namespace="" counts={{ Waiting: 0, Running: 3, Terminated: 0, gone: 0 }} statuses={[status]} readonly={false} replay={false} width={160} />);
  const listing = { listed: 12_500, estimatedTotal: 50_000 };
  const live = header({ source: 'kubernetes', context: 'paged', state: 'live', since: 0, listing });
  cleanup.push(() => live.unmount());
  expect(live.lastFrame()).toContain('listing 12,500 of ~50,000 pods…');
  const down = header({ source: 'kubernetes', context: 'paged', state: 'disconnected', since: 0, message: 'lost connection; retrying', listing });
  cleanup.push(() => down.unmount());
  expect(down.lastFrame()).toMatch(/disconnected since \d\d:\d\d:\d\d \(rows may be stale\): lost connection; retrying; listing 12,500 of ~50,000 pods/);
});
