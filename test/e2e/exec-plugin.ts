// A kubeconfig exec credential plugin for the e2e tests, as cloud sign-in plugins are: each
// call hands out a fresh ServiceAccount token (TokenRequest, asked of the apiserver with the
// admin certificate) and says it expires 20 s from now. The apiserver's shortest token life
// is 10 minutes, so each token is also bound to a Secret of its own: deleting that Secret
// makes the apiserver answer 401 to it, for real. Each call appends {n, at, secret} to
// CALLS, and leaves the token in CALLS.token (0600) for the test to see when the apiserver
// refuses it. While the file FAIL exists the plugin fails as a sign-in does.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKubeconfig } from '../../src/sources/kubernetes-kubeconfig.js';

export const PLUGIN_CLAIMED_LIFE_S = 20;

export interface PluginFiles {
  script: string;
  calls: string;
  fail: string;
  kubeconfig: string;
}

export interface PluginCall {
  n: number;
  at: number;
  secret: string;
}

const SCRIPT = String.raw`
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
const { SERVER, CA, CERT, KEY, NS, SA, CALLS, FAIL } = process.env;
if (existsSync(FAIL)) {
  process.stderr.write('error: the SSO session has expired; run "sso login"\nsecond line\n');
  process.exit(1);
}
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO ?? '{}');
const tls = { ca: readFileSync(CA), cert: readFileSync(CERT), key: readFileSync(KEY) };
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(SERVER + path, { method, ...tls, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(method + ' ' + path + ': HTTP ' + res.statusCode))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
const n = existsSync(CALLS) ? readFileSync(CALLS, 'utf8').split('\n').filter(Boolean).length + 1 : 1;
const name = 'podlife-exec-bind-' + n + '-' + Date.now().toString(36);
const secret = await call('POST', '/api/v1/namespaces/' + NS + '/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name } });
const review = await call('POST', '/api/v1/namespaces/' + NS + '/serviceaccounts/' + SA + '/token', {
  apiVersion: 'authentication.k8s.io/v1',
  kind: 'TokenRequest',
  spec: { expirationSeconds: 600, boundObjectRef: { apiVersion: 'v1', kind: 'Secret', name, uid: secret.metadata.uid } },
});
writeFileSync(CALLS + '.token', review.status.token, { mode: 0o600 });
appendFileSync(CALLS, JSON.stringify({ n, at: Date.now(), secret: name }) + '\n');
const expirationTimestamp = new Date(Date.now() + ${PLUGIN_CLAIMED_LIFE_S} * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status: { token: review.status.token, expirationTimestamp } }));
`;

/** Writes the plugin and a kubeconfig whose user runs it (apiVersion as given) for `namespace`'s ServiceAccount `sa`. */
export function writeExecPlugin(dir: string, namespace: string, sa: string, apiVersion = 'client.authentication.k8s.io/v1'): PluginFiles {
  const shared = loadKubeconfig();
  const cluster = shared.clusters[0]!;
  const admin = shared.users.find((u) => u.certFile)!;
  const files: PluginFiles = { script: join(dir, 'sso-plugin.mjs'), calls: join(dir, 'calls.ndjson'), fail: join(dir, 'FAIL'), kubeconfig: join(dir, 'exec.yaml') };
  writeFileSync(files.script, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(files.script, 0o755);
  const env = { SERVER: cluster.server, CA: cluster.caFile!, CERT: admin.certFile!, KEY: admin.keyFile!, NS: namespace, SA: sa, CALLS: files.calls, FAIL: files.fail };
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- {name: local, cluster: {server: '${cluster.server}', certificate-authority: '${cluster.caFile}'}}`,
    'users:',
    '- name: sso',
    '  user:',
    '    exec:',
    `      apiVersion: ${apiVersion}`,
    `      command: '${files.script}'`,
    '      interactiveMode: Never',
    '      env:',
    ...Object.entries(env).map(([name, value]) => `      - {name: ${name}, value: '${value}'}`),
    'contexts:',
    `- {name: sso, context: {cluster: local, user: sso, namespace: ${namespace}}}`,
    'current-context: sso',
  ];
  writeFileSync(files.kubeconfig, lines.join('\n') + '\n', { mode: 0o600 });
  return files;
}
