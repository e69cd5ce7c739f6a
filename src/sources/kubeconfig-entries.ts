// One kubeconfig document's clusters, users and contexts, in the names podlife uses, read
// as kubectl reads them (client-go's clientcmd): entries keyed by name, file paths made
// absolute against the file's own directory, a tokenFile as well as a token. Nothing here
// is checked until a context is used (selectContext): a broken entry elsewhere in a
// file stops kubectl no more than it stops podlife.
import { dirname, isAbsolute, resolve, sep } from 'node:path';

/** The kubeconfig's `user.exec` (client-go's ExecConfig), as the YAML spells it. */
export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

export interface KubeCluster {
  name: string;
  /** Without a trailing slash; '' when the entry has none (an error once it is used). */
  server: string;
  caFile?: string;
  /** certificate-authority-data: base64 PEM. */
  caData?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  disableCompression: boolean;
}

export interface KubeUser {
  name: string;
  token?: string;
  /** Read when a request is made, again a minute later (the token may be rotated). */
  tokenFile?: string;
  certFile?: string;
  certData?: string;
  keyFile?: string;
  keyData?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  /** The legacy auth-provider entry (oidc, and the removed gcp/azure ones), as written. */
  authProvider?: { name: string; config?: Record<string, string> };
  /** as, as-uid, as-groups, as-user-extra: whom to impersonate. */
  impersonate?: { user?: string; uid?: string; groups: string[]; extra: Record<string, string[]> };
}

export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface KubeconfigEntries {
  clusters: KubeCluster[];
  users: KubeUser[];
  contexts: KubeContext[];
  currentContext: string;
}

/** A field of the wrong type: the file is not a kubeconfig kubectl would read. */
export class KubeconfigShapeError extends Error {}

/** The entries of one parsed kubeconfig (a YAML mapping) read from `file`. */
export function kubeconfigEntries(doc: Record<string, unknown>, file: string): KubeconfigEntries {
  const base = resolve(dirname(file));
  const path = (value: string | undefined) => (value === undefined || isAbsolute(value) ? value : resolve(base, value));
  return {
    clusters: named(doc, 'clusters', 'cluster').map(({ name, body, at }) => {
      const f = fields(body, at);
      return {
        name,
        server: (f.string('server') ?? '').replace(/\/$/, ''),
        caFile: path(f.string('certificate-authority')),
        caData: f.string('certificate-authority-data'),
        skipTLSVerify: f.boolean('insecure-skip-tls-verify'),
        tlsServerName: f.string('tls-server-name'),
        proxyUrl: f.string('proxy-url'),
        disableCompression: f.boolean('disable-compression'),
      };
    }),
    users: named(doc, 'users', 'user').map(({ name, body, at }) => {
      const f = fields(body, at);
      const exec = f.object('exec') as ExecConfig | undefined;
      // A command with a directory in it is relative to the kubeconfig; a bare name is looked up on PATH.
      const command = exec && typeof exec.command === 'string' && exec.command.includes(sep) ? path(exec.command) : exec?.command;
      const user: KubeUser = {
        name,
        token: f.string('token'),
        tokenFile: path(f.string('tokenFile')),
        certFile: path(f.string('client-certificate')),
        certData: f.string('client-certificate-data'),
        keyFile: path(f.string('client-key')),
        keyData: f.string('client-key-data'),
        username: f.string('username'),
        password: f.string('password'),
        exec: exec && { ...exec, command: command as string },
        authProvider: f.object('auth-provider') as KubeUser['authProvider'],
      };
      const as = f.string('as');
      const uid = f.string('as-uid');
      const groups = f.strings('as-groups');
      const extra = f.object('as-user-extra') as Record<string, string[]> | undefined;
      if (as || uid || groups.length > 0 || extra) user.impersonate = { user: as, uid, groups, extra: extra ?? {} };
      return user;
    }),
    contexts: named(doc, 'contexts', 'context').map(({ name, body, at }) => {
      const f = fields(body, at);
      return { name, cluster: f.string('cluster') ?? '', user: f.string('user') ?? '', namespace: f.string('namespace') };
    }),
    currentContext: fields(doc, '').string('current-context') ?? '',
  };
}

/** clusters: [{name, cluster: {...}}] → {name, body}; a name twice in one file is an error (kubectl's too). */
function named(doc: Record<string, unknown>, list: string, key: string): { name: string; body: Record<string, unknown>; at: string }[] {
  const items = doc[list];
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new KubeconfigShapeError(`${list} is not a list`);
  const seen = new Set<string>();
  return items.flatMap((item: unknown, i) => {
    const at = `${list}[${i}]`;
    if (!isMapping(item)) throw new KubeconfigShapeError(`${at} is not a mapping`);
    const name = fields(item, at).string('name') ?? '';
    if (seen.has(name)) throw new KubeconfigShapeError(`duplicate name "${name}" in ${list}`);
    seen.add(name);
    // A nameless entry is one no context can name.
    if (!name) return [];
    const body = item[key] ?? {};
    if (!isMapping(body)) throw new KubeconfigShapeError(`${at}.${key} is not a mapping`);
    return [{ name, body, at: `${at}.${key}` }];
  });
}

function fields(body: Record<string, unknown>, at: string) {
  const where = (key: string) => (at ? `${at}.${key}` : key);
  return {
    /** A string field; '' and null count as unset, as in kubectl. */
    string(key: string): string | undefined {
      const value = body[key];
      if (value === undefined || value === null || value === '') return undefined;
      if (typeof value !== 'string') throw new KubeconfigShapeError(`${where(key)} is not a string`);
      return value;
    },
    boolean(key: string): boolean {
      const value = body[key];
      if (value === undefined || value === null) return false;
      if (typeof value !== 'boolean') throw new KubeconfigShapeError(`${where(key)} is not true or false`);
      return value;
    },
    strings(key: string): string[] {
      const value = body[key];
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new KubeconfigShapeError(`${where(key)} is not a list of strings`);
      return value as string[];
    },
    object(key: string): Record<string, unknown> | undefined {
      const value = body[key];
      if (value === undefined || value === null) return undefined;
      if (!isMapping(value)) throw new KubeconfigShapeError(`${where(key)} is not a mapping`);
      return value;
    },
  };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
