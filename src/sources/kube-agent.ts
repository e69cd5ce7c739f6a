// The connection pool for one cluster and user: HTTP/1.1 keep-alive connections with the
// TLS the kubeconfig asks for (its CA, the user's client certificate, skip-verify, the
// server name to expect), through the cluster's proxy-url when it names one.
import { readFileSync } from 'node:fs';
import type { Agent as HttpAgent, AgentOptions, RequestOptions } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ClusterAccess } from './kubernetes-kubeconfig.js';
import { http } from './node-http.js';
import { proxyTunnel, type Tunnel } from './proxy-tunnel.js';

export interface TlsSettings {
  ca?: Buffer;
  cert?: Buffer | string;
  key?: Buffer | string;
  /** Only ever false (insecure-skip-tls-verify); unset leaves Node's default and NODE_TLS_REJECT_UNAUTHORIZED. */
  rejectUnauthorized?: false;
  servername?: string;
}

/** A client certificate handed out by an exec plugin (PEM), used instead of the kubeconfig's. */
export interface PluginCertificate {
  cert: string;
  key: string;
}

/** TLS for the access's cluster and user; files are read now (a missing one is a one-line error). */
export function tlsSettings(access: ClusterAccess, plugin?: PluginCertificate): TlsSettings {
  const { cluster, user } = access;
  const settings: TlsSettings = {};
  const ca = material(cluster.caFile, cluster.caData, `certificate-authority of cluster "${cluster.name}"`);
  if (ca) settings.ca = ca;
  const cert = plugin?.cert ?? material(user.certFile, user.certData, `client-certificate of user "${user.name}"`);
  const key = plugin?.key ?? material(user.keyFile, user.keyData, `client-key of user "${user.name}"`);
  if (cert) settings.cert = cert;
  if (key) settings.key = key;
  if (cluster.skipTLSVerify) settings.rejectUnauthorized = false;
  if (cluster.tlsServerName) settings.servername = cluster.tlsServerName;
  return settings;
}

/** A file wins over inline base64 data, as it did with the client library (kubectl refuses a kubeconfig giving both). */
function material(file: string | undefined, data: string | undefined, what: string): Buffer | undefined {
  if (file) {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`cannot read the ${what}: ${(err as Error).message}`);
    }
  }
  return data ? Buffer.from(data, 'base64') : undefined;
}

/** Keep-alive as client-go: TCP keep-alive probes after 30 s of silence. */
const KEEP_ALIVE: AgentOptions = { keepAlive: true, keepAliveMsecs: 30_000 };

export function createAgent(access: ClusterAccess, tls: TlsSettings): HttpAgent {
  const secure = access.cluster.server.startsWith('https:');
  const tunnel = access.cluster.proxyUrl ? proxyTunnel(access.cluster.proxyUrl) : undefined;
  if (!secure) return tunnel ? new TunnelledHttpAgent(tunnel, KEEP_ALIVE) : new http.Agent(KEEP_ALIVE);
  const options: HttpsAgentOptions = { ...KEEP_ALIVE, ...tls };
  return tunnel ? new TunnelledHttpsAgent(tunnel, options) : new HttpsAgent(options);
}

type Created = (err: Error | null, stream: Duplex) => void;

class TunnelledHttpsAgent extends HttpsAgent {
  constructor(
    private readonly tunnel: Tunnel,
    options: HttpsAgentOptions,
  ) {
    super(options);
  }

  // The agent's options (CA, certificate, server name) arrive merged into `options`.
  override createConnection(options: RequestOptions, created?: Created): Duplex | null | undefined {
    this.tunnel(options.host ?? 'localhost', Number(options.port)).then(
      (socket) => created!(null, tlsConnect({ ...(options as ConnectionOptions), socket })),
      (err: Error) => created!(err, undefined as never),
    );
    return undefined;
  }
}

class TunnelledHttpAgent extends http.Agent {
  constructor(
    private readonly tunnel: Tunnel,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: RequestOptions, created?: Created): Duplex | null | undefined {
    this.tunnel(options.host ?? 'localhost', Number(options.port)).then(
      (socket) => created!(null, socket),
      (err: Error) => created!(err, undefined as never),
    );
    return undefined;
  }
}
