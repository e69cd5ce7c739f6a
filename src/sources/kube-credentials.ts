// The headers a kubeconfig user puts on every request: whom to impersonate and who they
// are (a token, a tokenFile, a username/password, or a legacy auth-provider). An exec
// plugin's token is set by KubeHttp on top (exec-credential.ts runs the plugin).
import { readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import type { KubeCluster, KubeUser } from './kubeconfig-entries.js';

/** A tokenFile is read again after this long, as client-go does: a rotated token is picked up. */
export const TOKEN_FILE_REREAD_MS = 60_000;

export class UserCredentials {
  private tokenFromFile?: { token: string; readAt: number };
  private authProvider?: Promise<AuthProviderHeader>;

  constructor(
    private readonly user: KubeUser,
    private readonly cluster: KubeCluster,
    private readonly clock: () => number = Date.now,
  ) {}

  async headers(): Promise<OutgoingHttpHeaders> {
    const headers: OutgoingHttpHeaders = { ...impersonation(this.user) };
    const user = this.user;
    // A token (tokenFile, then token) over an auth-provider over a username, as before.
    if (user.username) headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
    if (user.authProvider) {
      const header = await (await (this.authProvider ??= authProviderHeader(user, this.cluster)))();
      if (header) headers.Authorization = header;
    }
    const token = user.tokenFile ? this.readTokenFile(user.tokenFile) : user.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  /** As kubectl: the file's token, over an inline one, which stands in while the file cannot be read. */
  private readTokenFile(file: string): string {
    const now = this.clock();
    const cached = this.tokenFromFile;
    if (cached && now - cached.readAt < TOKEN_FILE_REREAD_MS) return cached.token;
    let token: string;
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (err) {
      // A token read before stays in use while the file is being replaced.
      const fallback = cached?.token ?? this.user.token;
      if (fallback) return fallback;
      throw new Error(`cannot read the token file of user "${this.user.name}": ${(err as Error).message}`);
    }
    this.tokenFromFile = { token, readAt: now };
    return token;
  }
}

/** as, as-uid, as-groups, as-user-extra → kube-apiserver's Impersonate-* headers. */
function impersonation(user: KubeUser): OutgoingHttpHeaders {
  const as = user.impersonate;
  if (!as) return {};
  const headers: OutgoingHttpHeaders = {};
  if (as.user) headers['Impersonate-User'] = as.user;
  if (as.uid) headers['Impersonate-Uid'] = as.uid;
  if (as.groups.length > 0) headers['Impersonate-Group'] = as.groups;
  for (const [key, values] of Object.entries(as.extra)) headers[`Impersonate-Extra-${encodeURIComponent(key)}`] = values;
  return headers;
}

type AuthProviderHeader = () => Promise<string | undefined>;

/**
 * A legacy auth-provider (oidc; gcp and azure, which kubectl no longer has) is left to the
 * client library's authenticators, loaded only for such a user: they refresh and cache
 * tokens in ways of their own.
 */
async function authProviderHeader(user: KubeUser, cluster: KubeCluster): Promise<AuthProviderHeader> {
  return (await import('./auth-provider.js')).authProviderHeader(user, cluster);
}
