// Docker contexts read from a config dir laid out as the docker CLI writes it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DockerContextCatalog,
  currentDockerContext,
  listDockerContexts,
  resolveDockerEndpoint,
} from '../../src/sources/docker-contexts.js';

/** A ~/.docker with contexts "remote" (tcp + TLS) and "colima" (unix), current = colima. */
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function configDir(current?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'podlife-docker-config-'));
  made.push(dir);
  const context = (name: string, host: string, description?: string, tls = false) => {
    const hash = createHash('sha256').update(name).digest('hex'); // the CLI's directory name
    mkdirSync(join(dir, 'contexts', 'meta', hash), { recursive: true });
    writeFileSync(join(dir, 'contexts', 'meta', hash, 'meta.json'), JSON.stringify({
      Name: name, Metadata: description ? { Description: description } : {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
    }));
    if (tls) {
      mkdirSync(join(dir, 'contexts', 'tls', hash, 'docker'), { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, 'contexts', 'tls', hash, 'docker', f), 'x');
    }
  };
  context('remote', 'tcp://10.1.2.3:2376', 'build box', true);
  context('colima', 'unix:///home/u/.colima/default/docker.sock');
  mkdirSync(join(dir, 'contexts', 'meta', 'broken'), { recursive: true });
  writeFileSync(join(dir, 'contexts', 'meta', 'broken', 'meta.json'), '{not json');
  if (current) writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: current }));
  return dir;
}

describe('Docker contexts', () => {
  it('lists default first, then the meta.json contexts by name; skips unreadable ones', () => {
    const dir = configDir('colima');
    const list = listDockerContexts({ configDir: dir, env: {} });
    expect(list.map((c) => [c.context, c.host])).toEqual([
      ['default', 'unix:///var/run/docker.sock'],
      ['colima', 'unix:///home/u/.colima/default/docker.sock'],
      ['remote', 'tcp://10.1.2.3:2376'],
    ]);
    expect(list[2]!.tls?.cert).toMatch(/cert\.pem$/);
    expect(list[2]!.description).toBe('build box');
  });

  it('"default" is DOCKER_HOST when set', () => {
    const list = listDockerContexts({ configDir: configDir(), env: { DOCKER_HOST: 'unix:///tmp/x.sock' } });
    expect(list[0]).toMatchObject({ context: 'default', host: 'unix:///tmp/x.sock' });
  });

  it('current: DOCKER_CONTEXT, then DOCKER_HOST (→ default), then config.json, then default', () => {
    const dir = configDir('colima');
    expect(currentDockerContext({ configDir: dir, env: { DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///a' } })).toBe('remote');
    expect(currentDockerContext({ configDir: dir, env: { DOCKER_HOST: 'unix:///a' } })).toBe('default');
    expect(currentDockerContext({ configDir: dir, env: {} })).toBe('colima');
    expect(currentDockerContext({ configDir: configDir(), env: {} })).toBe('default');
  });

  it('resolves --docker-host over everything, a named context, or the current one', () => {
    const dir = configDir('colima');
    const options = { configDir: dir, env: {} };
    expect(resolveDockerEndpoint({ host: 'tcp://127.0.0.1:2375', context: 'remote' }, options)).toEqual({ context: 'default', host: 'tcp://127.0.0.1:2375' });
    expect(resolveDockerEndpoint({ context: 'remote' }, options).host).toBe('tcp://10.1.2.3:2376');
    expect(resolveDockerEndpoint({}, options).context).toBe('colima');
  });

  it('an unknown context is a clear error listing the known ones', () => {
    expect(() => resolveDockerEndpoint({ context: 'nope' }, { configDir: configDir(), env: {} }))
      .toThrow(/Docker context "nope" not found .*known: default, colima, remote.*--docker-host/);
  });

  it('the catalog marks the current context', async () => {
    const catalog = new DockerContextCatalog({ configDir: configDir('remote'), env: {} });
    const contexts = catalog.contexts();
    expect(contexts.filter((c) => c.current).map((c) => c.name)).toEqual(['remote']);
    expect(contexts.find((c) => c.name === 'remote')?.detail).toBe('tcp://10.1.2.3:2376 (build box)');
  });
});
