import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KubeconfigCatalog, KubeconfigError, loadKubeconfig, resolveKubeTarget, selectContext } from '../../src/sources/kubernetes-kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'podlife-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const first = file(
  'first.yaml',
  `apiVersion: v1
kind: Config
current-context: podlife-local
clusters:
- name: local
  cluster: {server: "https://127.0.0.1:6443", certificate-authority: certs/ca.crt}
users:
- name: admin
  user: {token: first-token}
contexts:
- name: podlife-local
  context: {cluster: local, user: admin}
- name: podlife-local-demo
  context: {cluster: local, user: admin, namespace: demo}
`,
);
const second = file(
  'second.yaml',
  `apiVersion: v1
kind: Config
current-context: elsewhere
clusters:
- name: local
  cluster: {server: "https://10.0.0.1:6443"}
- name: remote
  cluster: {server: "https://remote.example:6443"}
users:
- name: admin
  user: {token: second-token}
contexts:
- name: elsewhere
  context: {cluster: remote, user: admin, namespace: prod}
`,
);
const noCurrent = file('no-current.yaml', 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');

const env = (KUBECONFIG?: string) => ({ KUBECONFIG, HOME: join(dir, 'home') });

describe('loadKubeconfig: merging like kubectl', () => {
  it('merges KUBECONFIG files with the first definition of each name winning', () => {
    const loaded = loadKubeconfig({ env: env([first, second].join(delimiter)) });
    expect(loaded.contexts.map((c) => c.name)).toEqual(['podlife-local', 'podlife-local-demo', 'elsewhere']);
    expect(loaded.clusters.find((c) => c.name === 'local')?.server).toBe('https://127.0.0.1:6443');
    expect(loaded.users.find((u) => u.name === 'admin')?.token).toBe('first-token');
    expect(loaded.currentContext).toBe('podlife-local');
  });

  it('takes current-context from the first file that sets one', () => {
    expect(loadKubeconfig({ env: env([noCurrent, second, first].join(delimiter)) }).currentContext).toBe('elsewhere');
  });

  it('makes certificate paths relative to the file that names them absolute', () => {
    const loaded = loadKubeconfig({ env: env(first) });
    expect(loaded.clusters[0]?.caFile).toBe(join(dir, 'certs/ca.crt'));
  });

  it('skips KUBECONFIG entries that do not exist, as kubectl does', () => {
    const loaded = loadKubeconfig({ env: env([join(dir, 'missing.yaml'), first].join(delimiter)) });
    expect(loaded.files).toEqual([first]);
  });

  it('--kubeconfig overrides KUBECONFIG', () => {
    const loaded = loadKubeconfig({ kubeconfig: second, env: env(first) });
    expect(loaded.currentContext).toBe('elsewhere');
    expect(loaded.files).toEqual([second]);
  });
});

describe('selectContext', () => {
  const loaded = loadKubeconfig({ env: env([first, second].join(delimiter)) });

  it('uses current-context and its default namespace ("default" when unset)', () => {
    const target = selectContext(loaded);
    expect(target).toMatchObject({ context: 'podlife-local', namespace: 'default', cluster: 'local', server: 'https://127.0.0.1:6443' });
    expect(target.access).toMatchObject({ cluster: { name: 'local' }, user: { name: 'admin', token: 'first-token' } });
  });

  it('--context picks another context with its namespace', () => {
    expect(selectContext(loaded, 'podlife-local-demo')).toMatchObject({ context: 'podlife-local-demo', namespace: 'demo' });
    expect(selectContext(loaded, 'elsewhere')).toMatchObject({ namespace: 'prod', server: 'https://remote.example:6443' });
  });

  it('an unknown context is an error that lists the known ones', () => {
    expect(() => selectContext(loaded, 'nope')).toThrowError(
      /context "nope" not found in kubeconfig .*; known contexts: podlife-local, podlife-local-demo, elsewhere/,
    );
  });
});

describe('kubeconfig errors a user can act on', () => {
  it('missing --kubeconfig file', () => {
    expect(() => resolveKubeTarget({ kubeconfig: join(dir, 'nope.yaml'), env: env() })).toThrowError(KubeconfigError);
    expect(() => resolveKubeTarget({ kubeconfig: join(dir, 'nope.yaml'), env: env() })).toThrowError(/nope\.yaml \(from --kubeconfig\) does not exist/);
  });

  it('no kubeconfig at all', () => {
    expect(() => resolveKubeTarget({ env: env() })).toThrowError(/no kubeconfig found: .*home\/\.kube\/config does not exist; set KUBECONFIG or pass --kubeconfig/);
  });

  it('unreadable file', () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub, { recursive: true });
    expect(() => resolveKubeTarget({ kubeconfig: sub, env: env() })).toThrowError(/cannot read kubeconfig .*a-directory/);
  });

  it('not YAML', () => {
    const bad = file('bad.yaml', 'clusters: [unclosed\n  - {');
    expect(() => resolveKubeTarget({ kubeconfig: bad, env: env() })).toThrowError(/bad\.yaml is not valid YAML/);
  });

  it('YAML that is not a kubeconfig', () => {
    const list = file('list.yaml', '- a\n- b\n');
    expect(() => resolveKubeTarget({ kubeconfig: list, env: env() })).toThrowError(/list\.yaml is YAML but not a kubeconfig/);
  });

  it('no current-context and no --context', () => {
    expect(() => resolveKubeTarget({ kubeconfig: noCurrent, env: env() })).toThrowError(/sets no current-context; pass --context/);
  });
});

describe('KubeconfigCatalog', () => {
  it('lists contexts with the active one marked and cluster/namespace detail', async () => {
    const catalog = new KubeconfigCatalog(loadKubeconfig({ env: env([first, second].join(delimiter)) }), 'podlife-local-demo');
    expect(catalog.contexts()).toEqual([
      { name: 'podlife-local', current: false, detail: 'cluster local (https://127.0.0.1:6443), namespace default' },
      { name: 'podlife-local-demo', current: true, detail: 'cluster local (https://127.0.0.1:6443), namespace demo' },
      { name: 'elsewhere', current: false, detail: 'cluster remote (https://remote.example:6443), namespace prod' },
    ]);
    catalog.setActive('elsewhere');
    expect(catalog.contexts().filter((c) => c.current).map((c) => c.name)).toEqual(['elsewhere']);
  });
});
