// podlife's HTTP client for kube-apiserver (Node's https with the kubeconfig's TLS and
// credentials), against local servers: the TLS a kubeconfig asks for (its CA, a client
// certificate, insecure-skip-tls-verify, tls-server-name), gzip, the proxy-url schemes
// kubectl accepts (an HTTP CONNECT proxy and SOCKS5, with credentials), a tokenFile
// re-read as client-go re-reads it, and a streamed body.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeCluster, KubeUser } from '../../src/sources/kubeconfig-entries.js';
import { TOKEN_FILE_REREAD_MS, UserCredentials } from '../../src/sources/kube-credentials.js';
import { KubeHttp } from '../../src/sources/kubernetes-http.js';
import { ipv6Bytes } from '../../src/sources/proxy-tunnel.js';
import { describeWhere } from '../support/requirements.js';
import { makeTestPki, opensslMissing, type TestPki } from '../support/test-pki.js';

interface Seen {
  path: string;
  clientCertificate?: string;
  servername?: string;
  acceptEncoding?: string;
}

const work = mkdtempSync(join(tmpdir(), 'podlife-kube-http-'));
let pki: TestPki;
let server: Server;
let port = 0;
const seen: Seen[] = [];
const listen = async <T extends HttpServer | Server | NetServer>(s: T): Promise<number> => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as { port: number }).port;
};

/** The apiserver's answer: a pod list, gzip-encoded when asked for; a watch streams two events. */
function answer(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  const socket = req.socket as TLSSocket;
  seen.push({ path: req.url ?? '', clientCertificate: certificateName(socket.getPeerCertificate?.()?.subject?.CN), servername: (socket as { servername?: string | false }).servername || undefined, acceptEncoding: String(req.headers['accept-encoding'] ?? '') || undefined });
  if (req.url?.includes('watch=true')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
    setTimeout(() => res.end('{"type":"ADDED","object":{"metadata":{"name":"b"}}}\n'), 50);
    return;
  }
  const body = JSON.stringify({ kind: 'PodList', items: [{ metadata: { name: 'web' } }] });
  if (req.headers['accept-encoding']?.includes('gzip')) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(body));
  } else {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  }
}

const cluster = (fields: Partial<KubeCluster>): KubeCluster => ({ name: 'c', server: `https://127.0.0.1:${port}`, skipTLSVerify: false, disableCompression: false, ...fields });
const user: KubeUser = { name: 'u', token: 't' };

async function get(c: KubeCluster, u: KubeUser = user): Promise<{ status: number; text: string; seen: Seen }> {
  const http = new KubeHttp({ cluster: c, user: u });
  try {
    const path = `/api/v1/pods?n=${seen.length}-${Math.random()}`;
    const response = await http.request({ path: path.split('?')[0]!, query: { n: path.split('=')[1] } });
    return { status: response.status, text: await response.text(), seen: seen.find((s) => s.path === path)! };
  } finally {
    await http.close();
  }
}

beforeAll(async () => {
  if (opensslMissing()) return;
  pki = makeTestPki();
  server = createServer({ ...pki.server, ca: readFileSync(pki.caFile), requestCert: true, rejectUnauthorized: false }, answer);
  port = await listen(server);
}, 60_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describeWhere(opensslMissing(), 'KubeHttp over TLS', () => {
  it('trusts the kubeconfig CA (file or data) and nothing else; insecure-skip-tls-verify trusts any', async () => {
    expect((await get(cluster({ caFile: pki.caFile }))).status).toBe(200);
    expect((await get(cluster({ caData: readFileSync(pki.caFile).toString('base64') }))).status).toBe(200);
    await expect(get(cluster({}))).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
    expect((await get(cluster({ skipTLSVerify: true }))).status).toBe(200);
  });

  it('tls-server-name is the name sent and the name the certificate must carry', async () => {
    const named = await get(cluster({ caFile: pki.caFile, tlsServerName: 'api.example' }));
    expect(named.seen.servername).toBe('api.example');
    await expect(get(cluster({ caFile: pki.caFile, tlsServerName: 'other.example' }))).rejects.toThrow(/other\.example/);
  });

  it("presents the user's client certificate", async () => {
    const alice = pki.client('alice');
    expect((await get(cluster({ caFile: pki.caFile }), { name: 'alice', certFile: alice.certFile, keyFile: alice.keyFile })).seen.clientCertificate).toBe('alice');
    const data = { certData: readFileSync(alice.certFile).toString('base64'), keyData: readFileSync(alice.keyFile).toString('base64') };
    expect((await get(cluster({ caFile: pki.caFile }), { name: 'alice', ...data })).seen.clientCertificate).toBe('alice');
  });

  it('a missing certificate file is a one-line error naming what it is', async () => {
    await expect(get(cluster({ caFile: join(work, 'nope.crt') }))).rejects.toThrow(/cannot read the certificate-authority of cluster "c": ENOENT/);
  });

  it('asks for gzip and reads it; disable-compression asks for none', async () => {
    const zipped = await get(cluster({ caFile: pki.caFile }));
    expect(zipped.seen.acceptEncoding).toBe('gzip');
    expect(JSON.parse(zipped.text)).toEqual({ kind: 'PodList', items: [{ metadata: { name: 'web' } }] });
    const plain = await get(cluster({ caFile: pki.caFile, disableCompression: true }));
    expect(plain.seen.acceptEncoding).toBeUndefined();
    expect(JSON.parse(plain.text).kind).toBe('PodList');
  });

  it('a stream request hands the body on as it arrives', async () => {
    const http = new KubeHttp({ cluster: cluster({ caFile: pki.caFile }), user });
    const response = await http.request({ path: '/api/v1/pods', query: { watch: true }, stream: true });
    const chunks: string[] = [];
    for await (const chunk of response.body) chunks.push(Buffer.from(chunk).toString('utf8'));
    await http.close();
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.join('').trim().split('\n').map((l) => (JSON.parse(l) as { object: { metadata: { name: string } } }).object.metadata.name)).toEqual(['a', 'b']);
  });

  it('a stream read on the reader thread uses the same TLS: the CA, the client certificate, the server name', async () => {
    const bob = pki.client('bob');
    const http = new KubeHttp({ cluster: cluster({ caFile: pki.caFile, tlsServerName: 'api.example' }), user: { name: 'bob', ...bob } });
    const response = await http.request({ path: '/api/v1/pods', query: { watch: true, n: 'reader' }, stream: true, offThread: true });
    const text = await response.text();
    await http.close();
    expect(text.trim().split('\n').map((l) => (JSON.parse(l) as { object: { metadata: { name: string } } }).object.metadata.name)).toEqual(['a', 'b']);
    expect(response.arrivedAt?.()).toBeGreaterThanOrEqual(response.receivedAt);
    const request = seen.find((s) => s.path.includes('n=reader'))!;
    expect(request.clientCertificate).toBe('bob');
    expect(request.servername).toBe('api.example');
  });
});

describeWhere(opensslMissing(), 'KubeHttp through a proxy-url', () => {
  let proxy: HttpServer;
  let socks: NetServer;
  let proxyPort = 0;
  let socksPort = 0;
  const tunnels: string[] = [];

  beforeAll(async () => {
    // An HTTP proxy that tunnels CONNECT for one user.
    proxy = createHttpServer();
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      if (req.headers['proxy-authorization'] !== `Basic ${Buffer.from('ann:pa ss').toString('base64')}`) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
        return;
      }
      tunnels.push(`connect ${req.url}`);
      const [host, targetPort] = [req.url!.slice(0, req.url!.lastIndexOf(':')), Number(req.url!.slice(req.url!.lastIndexOf(':') + 1))];
      const upstream = connect(targetPort, host, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
    proxyPort = await listen(proxy);
    // A SOCKS5 proxy that wants a user name and password (RFC 1928, RFC 1929).
    socks = createNetServer((client) => {
      let stage = 0;
      let buffered = Buffer.alloc(0);
      client.on('data', function handshake(chunk: Buffer) {
        buffered = Buffer.concat([buffered, chunk]);
        if (stage === 0 && buffered.length >= 2 + buffered[1]!) {
          const methods = [...buffered.subarray(2, 2 + buffered[1]!)];
          buffered = buffered.subarray(2 + buffered[1]!);
          client.write(Buffer.from([5, methods.includes(2) ? 2 : 0xff]));
          stage = 1;
        }
        if (stage === 1 && buffered.length >= 2 && buffered.length >= 3 + buffered[1]! && buffered.length >= 3 + buffered[1]! + buffered[2 + buffered[1]!]!) {
          const u = buffered.subarray(2, 2 + buffered[1]!).toString();
          const p = buffered.subarray(3 + buffered[1]!, 3 + buffered[1]! + buffered[2 + buffered[1]!]!).toString();
          buffered = buffered.subarray(3 + buffered[1]! + buffered[2 + buffered[1]!]!);
          client.write(Buffer.from([1, u === 'ann' && p === 'pw' ? 0 : 1]));
          stage = 2;
        }
        if (stage === 2 && buffered.length >= 5) {
          const type = buffered[3];
          const length = type === 1 ? 4 : type === 4 ? 16 : 1 + buffered[4]!;
          if (buffered.length < 4 + length + 2) return;
          const host = type === 1 ? [...buffered.subarray(4, 8)].join('.') : type === 3 ? buffered.subarray(5, 5 + buffered[4]!).toString() : '::1';
          const target = buffered.readUInt16BE(4 + length);
          tunnels.push(`socks ${host}:${target}`);
          client.off('data', handshake);
          const upstream = connect(target, host === 'localhost' ? '127.0.0.1' : host, () => {
            client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
            upstream.pipe(client).pipe(upstream);
          });
          upstream.on('error', () => client.destroy());
        }
      });
    });
    socksPort = await listen(socks);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await new Promise<void>((resolve) => socks.close(() => resolve()));
  });

  it('an HTTP proxy: CONNECT with the URL\'s credentials, TLS to the apiserver inside the tunnel', async () => {
    tunnels.length = 0;
    const r = await get(cluster({ caFile: pki.caFile, proxyUrl: `http://ann:pa%20ss@127.0.0.1:${proxyPort}` }));
    expect(r.status).toBe(200);
    expect(tunnels).toEqual([`connect 127.0.0.1:${port}`]);
    await expect(get(cluster({ caFile: pki.caFile, proxyUrl: `http://ann:wrong@127.0.0.1:${proxyPort}` }))).rejects.toThrow(/refused CONNECT to 127\.0\.0\.1:\d+: HTTP\/1\.1 407/);
  });

  it('a SOCKS5 proxy with a user name and password; the host name is the proxy\'s to resolve', async () => {
    tunnels.length = 0;
    const r = await get(cluster({ server: `https://localhost:${port}`, caFile: pki.caFile, proxyUrl: `socks5://ann:pw@127.0.0.1:${socksPort}` }));
    expect(r.status).toBe(200);
    expect(tunnels).toEqual([`socks localhost:${port}`]);
    await expect(get(cluster({ caFile: pki.caFile, proxyUrl: `socks5://ann:nope@127.0.0.1:${socksPort}` }))).rejects.toThrow(/SOCKS5 proxy 127\.0\.0\.1:\d+: user name or password refused/);
  });

  it('a watch asked to be read off-thread goes through the proxy all the same, read on this thread', async () => {
    tunnels.length = 0;
    const http = new KubeHttp({ cluster: cluster({ caFile: pki.caFile, proxyUrl: `http://ann:pa%20ss@127.0.0.1:${proxyPort}` }), user });
    const response = await http.request({ path: '/api/v1/pods', query: { watch: true }, stream: true, offThread: true });
    const text = await response.text();
    await http.close();
    expect(text.trim().split('\n').map((l) => (JSON.parse(l) as { object: { metadata: { name: string } } }).object.metadata.name)).toEqual(['a', 'b']);
    expect(tunnels).toEqual([`connect 127.0.0.1:${port}`]);
    // The reader thread's connections know no proxy: this body was read here, so no arrival stamps.
    expect(response.arrivedAt).toBeUndefined();
  });

  it('a scheme kubectl does not accept is a one-line error', async () => {
    await expect(get(cluster({ caFile: pki.caFile, proxyUrl: 'socks4://127.0.0.1:1080' }))).rejects.toThrow(/proxy-url "socks4:\/\/127\.0\.0\.1:1080": socks4 proxies are not supported \(http, https or socks5\)/);
  });

  it('IPv6 addresses go to SOCKS5 as their 16 bytes', () => {
    expect(ipv6Bytes('::1').toString('hex')).toBe('00000000000000000000000000000001');
    expect(ipv6Bytes('fd00:1::2:3').toString('hex')).toBe('fd000001000000000000000000020003');
    expect(ipv6Bytes('::ffff:10.1.2.3').toString('hex')).toBe('00000000000000000000ffff0a010203');
  });
});

describe('KubeHttp keep-alive', () => {
  it('a GET on a kept-alive connection the server drops is sent again on a new one, unseen by the caller', async () => {
    const sockets = new Set<Socket>();
    let requests = 0;
    const plain = createHttpServer((req, res) => {
      requests++;
      sockets.add(req.socket);
      // The second request on a connection: dropped, as by a server closing it while idle.
      if ((req.socket as Socket & { served?: number }).served) return void req.socket.destroy();
      (req.socket as Socket & { served?: number }).served = 1;
      res.setHeader('content-type', 'application/json');
      res.end('{"kind":"PodList","items":[]}');
    });
    const plainPort = await listen(plain);
    const http = new KubeHttp({ cluster: { name: 'c', server: `http://127.0.0.1:${plainPort}`, skipTLSVerify: true, disableCompression: false }, user });
    try {
      expect((await http.getJson<{ kind: string }>('/api/v1/pods')).data.kind).toBe('PodList');
      expect((await http.getJson<{ kind: string }>('/api/v1/pods')).data.kind).toBe('PodList');
      expect(requests).toBe(3);
      expect(sockets.size).toBe(2);
    } finally {
      await http.close();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});

describe('KubeHttp request bodies', () => {
  it('a DELETE carries its DeleteOptions with their length, and the next request on the connection is read as its own', async () => {
    const received: { method: string; length?: string; body: string }[] = [];
    const plain = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', length: req.headers['content-length'], body });
        res.setHeader('content-type', 'application/json');
        res.end('{"kind":"Status"}');
      });
    });
    const plainPort = await listen(plain);
    const http = new KubeHttp({ cluster: { name: 'c', server: `http://127.0.0.1:${plainPort}`, skipTLSVerify: true, disableCompression: false }, user });
    try {
      const options = { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 };
      expect((await http.request({ method: 'DELETE', path: '/api/v1/namespaces/n/pods/p', body: options })).status).toBe(200);
      expect((await http.request({ path: '/api/v1/pods' })).status).toBe(200);
      expect(received).toEqual([
        { method: 'DELETE', length: String(JSON.stringify(options).length), body: JSON.stringify(options) },
        { method: 'GET', length: undefined, body: '' },
      ]);
    } finally {
      await http.close();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});

describe('UserCredentials', () => {
  const c: KubeCluster = { name: 'c', server: 'https://x', skipTLSVerify: false, disableCompression: false };

  it('a tokenFile is read again once a minute has passed (client-go re-reads it), trimmed; its token wins over an inline one', async () => {
    const file = join(work, 'token');
    writeFileSync(file, 'first\n');
    let now = 1_000_000;
    const credentials = new UserCredentials({ name: 'u', token: 'inline', tokenFile: file }, c, () => now);
    expect((await credentials.headers()).Authorization).toBe('Bearer first');
    writeFileSync(file, 'second\n');
    now += TOKEN_FILE_REREAD_MS - 1;
    expect((await credentials.headers()).Authorization).toBe('Bearer first');
    now += 1;
    expect((await credentials.headers()).Authorization).toBe('Bearer second');
    // Being replaced: the last token read stands in.
    rmSync(file);
    now += TOKEN_FILE_REREAD_MS;
    expect((await credentials.headers()).Authorization).toBe('Bearer second');
  });

  it('an unreadable tokenFile with no token to fall back on is a one-line error naming the user', async () => {
    await expect(new UserCredentials({ name: 'ann', tokenFile: join(work, 'missing') }, c).headers()).rejects.toThrow(/cannot read the token file of user "ann": ENOENT/);
  });

  it('username and password are basic auth; as, as-uid, as-groups and as-user-extra are Impersonate headers', async () => {
    expect(await new UserCredentials({ name: 'u', username: 'ann', password: 'secret', impersonate: { user: 'bob', uid: '42', groups: ['devs', 'ops'], extra: { scopes: ['view', 'edit'] } } }, c).headers()).toEqual({
      Authorization: `Basic ${Buffer.from('ann:secret').toString('base64')}`,
      'Impersonate-User': 'bob',
      'Impersonate-Uid': '42',
      'Impersonate-Group': ['devs', 'ops'],
      'Impersonate-Extra-scopes': ['view', 'edit'],
    });
  });
});

/** A certificate's CN as one string (a subject may repeat it). */
function certificateName(cn: string | string[] | undefined): string | undefined {
  return Array.isArray(cn) ? cn.join(',') : cn;
}
