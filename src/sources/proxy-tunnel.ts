// A connection to the apiserver through a kubeconfig cluster's proxy-url, the schemes
// kubectl accepts: an HTTP or HTTPS proxy (a CONNECT tunnel, user:password in the URL as
// Proxy-Authorization) or SOCKS5 (RFC 1928; user:password per RFC 1929; the host name is
// sent to the proxy to resolve). TLS to the apiserver then runs inside the tunnel.
import { connect as netConnect, isIPv4, isIPv6, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** Opens a socket to host:port through the proxy. */
export type Tunnel = (host: string, port: number) => Promise<Socket>;

const SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:'];

/** Throws a one-line error for a proxy-url podlife cannot use. */
export function proxyTunnel(proxyUrl: string): Tunnel {
  let proxy: URL;
  try {
    proxy = new URL(proxyUrl);
  } catch {
    throw new Error(`proxy-url "${proxyUrl}" is not a URL`);
  }
  if (!SCHEMES.includes(proxy.protocol)) throw new Error(`proxy-url "${proxyUrl}": ${proxy.protocol.replace(/:$/, '')} proxies are not supported (http, https or socks5)`);
  return proxy.protocol.startsWith('socks') ? (host, port) => socks5(proxy, host, port) : (host, port) => httpConnect(proxy, host, port);
}

async function httpConnect(proxy: URL, host: string, port: number): Promise<Socket> {
  const secure = proxy.protocol === 'https:';
  const socket = await opened(proxy, secure ? 443 : 80, secure);
  const target = `${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const auth = proxy.username ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
  const reader = new SocketReader(socket);
  try {
    const head = (await reader.through('\r\n\r\n')).toString('latin1');
    const status = head.slice(0, head.indexOf('\r\n'));
    if (!/^HTTP\/1\.[01] 2\d\d/.test(status)) throw new Error(`proxy ${proxy.host} refused CONNECT to ${target}: ${status}`);
    return reader.release();
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

const SOCKS_REPLIES: Record<number, string> = {
  1: 'general failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

async function socks5(proxy: URL, host: string, port: number): Promise<Socket> {
  const socket = await opened(proxy, 1080, false);
  const reader = new SocketReader(socket);
  const fail = (what: string) => new Error(`SOCKS5 proxy ${proxy.host}: ${what}`);
  try {
    const user = decodeURIComponent(proxy.username);
    const password = decodeURIComponent(proxy.password);
    socket.write(Buffer.from(user ? [5, 2, 0, 2] : [5, 1, 0]));
    const [version, method] = await reader.bytes(2);
    if (version !== 5) throw fail('not a SOCKS5 proxy');
    if (method === 2) {
      socket.write(Buffer.concat([Buffer.from([1, Buffer.byteLength(user)]), Buffer.from(user), Buffer.from([Buffer.byteLength(password)]), Buffer.from(password)]));
      if ((await reader.bytes(2))[1] !== 0) throw fail('user name or password refused');
    } else if (method !== 0) throw fail('it accepts none of our authentication methods');
    socket.write(Buffer.concat([Buffer.from([5, 1, 0]), socksAddress(host), Buffer.from([port >> 8, port & 0xff])]));
    const [, reply, , type] = await reader.bytes(4);
    if (reply !== 0) throw fail(`connect to ${host}:${port} failed: ${SOCKS_REPLIES[reply!] ?? `reply ${reply}`}`);
    // The bound address, which says nothing we need.
    const length = type === 1 ? 4 : type === 4 ? 16 : (await reader.bytes(1))[0]!;
    await reader.bytes(length + 2);
    return reader.release();
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

function socksAddress(host: string): Buffer {
  if (isIPv4(host)) return Buffer.from([1, ...host.split('.').map(Number)]);
  if (isIPv6(host)) return Buffer.concat([Buffer.from([4]), ipv6Bytes(host)]);
  return Buffer.concat([Buffer.from([3, Buffer.byteLength(host)]), Buffer.from(host)]);
}

/** "fd00::1" → its 16 bytes. */
export function ipv6Bytes(address: string): Buffer {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  groups.forEach((g, i) => bytes.writeUInt16BE(parseInt(g, 16), i * 2));
  return bytes;
}

function opened(proxy: URL, defaultPort: number, secure: boolean): Promise<Socket> {
  const host = proxy.hostname.replace(/^\[|\]$/g, '');
  const port = Number(proxy.port) || defaultPort;
  return new Promise((resolve, reject) => {
    const socket = secure ? tlsConnect({ host, port, servername: isIPv4(host) || isIPv6(host) ? undefined : host }) : netConnect({ host, port });
    const failed = (err: Error) => reject(new Error(`cannot reach proxy ${proxy.host}: ${err.message}`));
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.off('error', failed);
      resolve(socket);
    });
    socket.once('error', failed);
  });
}

/** Reads a handshake off a socket, then hands the socket on with any bytes read past it put back. */
class SocketReader {
  private buffered = Buffer.alloc(0);
  private wake?: () => void;
  private failure?: Error;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.wake?.();
  };
  private readonly onEnd = (err?: Error) => {
    this.failure ??= err instanceof Error ? err : new Error('the proxy closed the connection');
    this.wake?.();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('error', this.onEnd);
    socket.on('close', this.onEnd);
  }

  async bytes(n: number): Promise<Buffer> {
    while (this.buffered.length < n) await this.more();
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  async through(marker: string): Promise<Buffer> {
    let at: number;
    while ((at = this.buffered.indexOf(marker)) < 0) await this.more();
    return this.bytes(at + marker.length);
  }

  release(): Socket {
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.pause();
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
    return this.socket;
  }

  private more(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.wake = () => {
        this.wake = undefined;
        if (this.failure) reject(this.failure);
        else resolve();
      };
    });
  }
}
