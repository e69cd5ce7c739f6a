// A throwaway certificate authority for tests that speak TLS: a server certificate for
// 127.0.0.1, localhost and api.example, and client certificates by common name. Made with
// openssl (as test/cluster/certs.sh makes the local cluster's).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caFile: string;
  server: { cert: Buffer; key: Buffer };
  /** A client certificate signed by the CA: {certFile, keyFile}. */
  client(commonName: string): { certFile: string; keyFile: string };
}

/** Why openssl cannot run here, if it cannot. */
export function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    return `openssl is not available (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); install it, e.g. apt-get install openssl`;
  }
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'podlife-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=podlife-test-ca');
  const sign = (name: string, subject: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  };
  sign('server', '/CN=kube-apiserver', 'extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost,DNS:api.example\n');
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    server: { cert: readFileSync(join(dir, 'server.crt')), key: readFileSync(join(dir, 'server.key')) },
    client(commonName) {
      const name = `client-${commonName.replace(/\W/g, '_')}`;
      sign(name, `/CN=${commonName}`, 'extendedKeyUsage=clientAuth\n');
      return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
    },
  };
}
