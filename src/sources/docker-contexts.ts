// Docker contexts without the docker CLI: read ~/.docker/config.json (currentContext) and
// ~/.docker/contexts/meta/*/meta.json, as `docker context ls` does. The contexts are what
// the context picker switches between for the Docker source.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ContextCatalog, ContextEntry } from './source.js';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** Where one context's engine is, and how to talk to it. */
export interface DockerEndpoint {
  /** Context name ("default" for DOCKER_HOST / the local socket / an explicit --docker-host). */
  context: string;
  /** unix:///path, tcp://host:port, ssh://user@host, npipe://… */
  host: string;
  description?: string;
  /** Files of the context's TLS material, when it has some. */
  tls?: { ca?: string; cert?: string; key?: string };
  skipTLSVerify?: boolean;
}

export interface DockerContextOptions {
  /** The docker CLI's config dir; default $DOCKER_CONFIG or ~/.docker. */
  configDir?: string;
  /** Environment to read DOCKER_HOST / DOCKER_CONTEXT from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

interface MetaFile {
  Name?: string;
  Metadata?: { Description?: string };
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function configDir(options: DockerContextOptions): string {
  const env = options.env ?? process.env;
  return options.configDir ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined; // missing or unreadable: the CLI treats it as absent too
  }
}

/** The implicit "default" context: DOCKER_HOST, else the local socket. */
function defaultEndpoint(env: NodeJS.ProcessEnv): DockerEndpoint {
  return { context: 'default', host: env.DOCKER_HOST || DEFAULT_DOCKER_HOST, description: 'Current DOCKER_HOST based configuration' };
}

/** Every context: "default" first, then those under contexts/meta, by name. */
export function listDockerContexts(options: DockerContextOptions = {}): DockerEndpoint[] {
  const env = options.env ?? process.env;
  const dir = configDir(options);
  const metaDir = join(dir, 'contexts', 'meta');
  const found: DockerEndpoint[] = [];
  if (existsSync(metaDir)) {
    for (const hash of readdirSync(metaDir)) {
      const meta = readJson<MetaFile>(join(metaDir, hash, 'meta.json'));
      const host = meta?.Endpoints?.docker?.Host;
      if (!meta?.Name || !host) continue;
      const endpoint: DockerEndpoint = { context: meta.Name, host };
      if (meta.Metadata?.Description) endpoint.description = meta.Metadata.Description;
      if (meta.Endpoints?.docker?.SkipTLSVerify) endpoint.skipTLSVerify = true;
      const tlsDir = join(dir, 'contexts', 'tls', hash, 'docker');
      if (existsSync(tlsDir)) {
        const file = (name: string) => (existsSync(join(tlsDir, name)) ? join(tlsDir, name) : undefined);
        endpoint.tls = { ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem') };
      }
      found.push(endpoint);
    }
  }
  found.sort((a, b) => a.context.localeCompare(b.context));
  return [defaultEndpoint(env), ...found.filter((c) => c.context !== 'default')];
}

/** The context the docker CLI would use: DOCKER_CONTEXT, then DOCKER_HOST, then config.json. */
export function currentDockerContext(options: DockerContextOptions = {}): string {
  const env = options.env ?? process.env;
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  if (env.DOCKER_HOST) return 'default';
  const config = readJson<{ currentContext?: string }>(join(configDir(options), 'config.json'));
  return config?.currentContext || 'default';
}

/**
 * The endpoint to connect to. An explicit host (--docker-host) wins and is named
 * "default", as with `docker -H`; else the named context; else the current one.
 */
export function resolveDockerEndpoint(
  choice: { host?: string; context?: string },
  options: DockerContextOptions = {},
): DockerEndpoint {
  if (choice.host) return { context: 'default', host: choice.host };
  const name = choice.context ?? currentDockerContext(options);
  const endpoint = listDockerContexts(options).find((c) => c.context === name);
  if (!endpoint) {
    const known = listDockerContexts(options).map((c) => c.context).join(', ');
    throw new Error(
      `Docker context "${name}" not found in ${join(configDir(options), 'contexts')} (known: ${known}). ` +
        'Pick one of those with --context, or pass --docker-host unix:///path/to/docker.sock.',
    );
  }
  return endpoint;
}

/** The context picker's list for the Docker source. */
export class DockerContextCatalog implements ContextCatalog {
  constructor(private readonly options: DockerContextOptions = {}) {}

  contexts(): ContextEntry[] {
    const current = currentDockerContext(this.options);
    return listDockerContexts(this.options).map((c) => ({
      name: c.context,
      current: c.context === current,
      detail: c.description ? `${c.host} (${c.description})` : c.host,
    }));
  }
}
