// What the user may do, asked of the server: SelfSubjectAccessReviews as kube-apiserver
// answers them (a fake apiserver with a pods-only Role's answers), turned into the kinds
// the header names and the keys marked not allowed; the footer and help say so.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canI, reviewAccess } from '../../src/sources/kubernetes-access.js';
import { KubeHttp } from '../../src/sources/kubernetes-http.js';
import { footerHints, keymapHelp } from '../../src/ui/keymap.js';

interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}

let server: Server;
let http: KubeHttp;
const asked: Attributes[] = [];
/** A Role like test/e2e/limited-user.ts's: get/list/watch on pods in namespace "shop" only. */
let allow = (a: Attributes) => a.namespace === 'shop' && a.group === '' && a.resource === 'pods' && !a.subresource && ['get', 'list', 'watch'].includes(a.verb);
let broken = false;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const review = JSON.parse(await body(req)) as { kind: string; spec: { resourceAttributes: Attributes } };
    res.setHeader('content-type', 'application/json');
    if (broken) {
      res.statusCode = 500;
      return res.end('{}');
    }
    const attributes = review.spec.resourceAttributes;
    asked.push(attributes);
    res.end(JSON.stringify({ ...review, status: { allowed: allow(attributes) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  http = new KubeHttp({
    cluster: { name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true, disableCompression: false },
    user: { name: 'u', token: 't' },
  });
});
afterAll(async () => {
  await http.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('reviewAccess', () => {
  it('a pods-only user: every other kind podlife reads is named, delete, logs and rollout restart are refused', async () => {
    asked.length = 0;
    const report = await reviewAccess(http, 'shop');
    expect(report.noAccess).toEqual(['events', 'endpointslices', 'replicasets', 'pods/log']);
    expect([...report.refused].sort()).toEqual(['delete', 'logs', 'rolloutRestart']);
    // Asked in the namespace, with the verbs each read or action uses.
    expect(asked).toContainEqual({ verb: 'watch', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: 'shop' });
    expect(asked).toContainEqual({ verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: 'shop' });
    expect(asked).toContainEqual({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' });
  });

  it('-A asks at the cluster scope (no namespace); list without watch is still no access', async () => {
    asked.length = 0;
    const before = allow;
    allow = (a) => a.resource === 'events' && a.verb === 'list';
    try {
      const report = await reviewAccess(http, '');
      expect(report.noAccess).toContain('events');
      expect(asked.every((a) => a.namespace === undefined)).toBe(true);
    } finally {
      allow = before;
    }
  });

  it('a server that cannot answer is not taken for a refusal: the requests themselves will tell', async () => {
    broken = true;
    try {
      expect(await canI(http, { verb: 'list', group: '', resource: 'events', namespace: 'shop' })).toBeUndefined();
      const report = await reviewAccess(http, 'shop');
      expect(report.noAccess).toEqual([]);
      expect(report.refused.size).toBe(0);
    } finally {
      broken = false;
    }
  });
});

describe('keys marked not allowed', () => {
  const reason = 'not allowed: you may not delete pods in namespace shop (context prod)';
  const notAllowed = (command: string) => (command === 'stop' || command === 'kill' ? reason : undefined);

  it('the footer marks the hint, help marks the line and carries the reason', () => {
    const hints = footerHints(undefined, notAllowed);
    expect(hints).toContain('Ctrl-D delete (not allowed)');
    expect(hints).toContain('l logs');
    const help = keymapHelp(undefined, notAllowed);
    expect(help.filter((k) => k.notAllowed).map((k) => k.keys)).toEqual(['Ctrl-D', 'Ctrl-K']);
    expect(help.find((k) => k.keys === 'Ctrl-D')!.notAllowed).toBe(reason);
  });
});
