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

describe('the fields the client library read, read to the same values', () => {
  it('clusters and users as @kubernetes/client-node reads them (paths made absolute against the file)', async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const path = file(
      'full.yaml',
      `apiVersion: v1
kind: Config
current-context: one
clusters:
- name: files
  cluster: {server: "https://10.0.0.1:6443/", certificate-authority: certs/ca.crt, tls-server-name: api.example, proxy-url: "http://proxy:3128"}
- name: inline
  cluster: {server: "https://10.0.0.2:6443", certificate-authority-data: Q0E=, insecure-skip-tls-verify: true}
users:
- name: certs
  user: {client-certificate: certs/me.crt, client-key: /abs/me.key, as: bob}
- name: data
  user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ, token: tok}
- name: basic
  user: {username: ann, password: pw}
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token], env: [{name: A, value: b}]}
- name: oidc
  user: {auth-provider: {name: oidc, config: {client-id: x, id-token: y}}}
contexts:
- {name: one, context: {cluster: files, user: certs, namespace: ns}}
`,
    );
    const ours = loadKubeconfig({ kubeconfig: path, env: env() });
    const theirs = new KubeConfig();
    theirs.loadFromFile(path);
    const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== false));
    expect(ours.clusters.map((c) => defined({ ...c, disableCompression: undefined }))).toEqual(theirs.clusters.map((c) => defined(c)));
    expect(ours.users.map((u) => defined({ ...u, impersonate: undefined, impersonateUser: u.impersonate?.user }))).toEqual(theirs.users.map((u) => defined(u)));
    expect(ours.contexts).toEqual(theirs.contexts.map((c) => ({ ...c, namespace: c.namespace })));
    expect(ours.currentContext).toBe(theirs.currentContext);
  });
});

describe('kubectl meanings the client library did not have', () => {
  const dir2 = join(dir, 'nested');
  mkdirSync(dir2, { recursive: true });
  const path = join(dir2, 'config');
  writeFileSync(
    path,
    `clusters: [{name: c, cluster: {server: "https://x"}}, {name: no-server, cluster: {}}]
users:
- {name: file, user: {tokenFile: tokens/t.txt}}
- {name: script, user: {exec: {command: bin/sign-in, apiVersion: client.authentication.k8s.io/v1}}}
- {name: on-path, user: {exec: {command: kubelogin, apiVersion: client.authentication.k8s.io/v1}}}
- {name: groups, user: {as: bob, as-groups: [a, b], as-uid: "7", as-user-extra: {k: [v]}}}
contexts: [{name: broken, context: {cluster: no-server, user: file}}, {name: ok, context: {cluster: c, user: file}}]
`,
  );
  const loaded = loadKubeconfig({ kubeconfig: path, env: env() });
  const userNamed = (name: string) => loaded.users.find((u) => u.name === name)!;

  it('tokenFile, and an exec command with a directory in it, are relative to the file; a bare command is looked up on PATH', () => {
    expect(userNamed('file').tokenFile).toBe(join(dir2, 'tokens/t.txt'));
    expect(userNamed('script').exec?.command).toBe(join(dir2, 'bin/sign-in'));
    expect(userNamed('on-path').exec?.command).toBe('kubelogin');
  });

  it('impersonation: as, as-groups, as-uid, as-user-extra', () => {
    expect(userNamed('groups').impersonate).toEqual({ user: 'bob', groups: ['a', 'b'], uid: '7', extra: { k: ['v'] } });
  });

  it('an entry with no server stops only the context that uses it', () => {
    expect(selectContext(loaded, 'ok').server).toBe('https://x');
    expect(() => selectContext(loaded, 'broken')).toThrowError(/cluster "no-server" \(context "broken"\) has no server in kubeconfig/);
  });

  it('a name twice in one file is an error, as kubectl has it', () => {
    const twice = file('twice.yaml', 'clusters:\n- {name: a, cluster: {server: "https://1"}}\n- {name: a, cluster: {server: "https://2"}}\n');
    expect(() => loadKubeconfig({ kubeconfig: twice, env: env() })).toThrowError(/twice\.yaml is not a valid kubeconfig: duplicate name "a" in clusters/);
  });

  it('a field of the wrong type names where it is', () => {
    const wrong = file('wrong.yaml', 'clusters:\n- {name: a, cluster: {server: 6443}}\n');
    expect(() => loadKubeconfig({ kubeconfig: wrong, env: env() })).toThrowError(/wrong\.yaml is not a valid kubeconfig: clusters\[0\]\.cluster\.server is not a string/);
  });
});
