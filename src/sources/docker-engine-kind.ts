// Which engine answers on a Docker endpoint. Podman's `podman system service` serves the
// Docker Engine API too, but its events and inspect results differ in ways podlife must
// allow for (sources/podman-events.ts). GET /_ping says it in its headers, at once:
// Podman's carry `Libpod-Api-Version` and `Server: Libpod/4.3.1 (linux)`, dockerd's
// `Server: Docker/27.3.1 (linux)`. (GET /version says it too, but Podman takes seconds to
// answer it: it asks its conmon, its OCI runtime and the package manager for versions.)
import type { DockerEngine } from '../lifecycle/types.js';

/** Response headers as Node gives them: names in lower case. */
export type PingHeaders = Record<string, string | string[] | undefined>;

export function dockerEngineFromPing(headers: PingHeaders | undefined): DockerEngine {
  const server = header(headers, 'server');
  const libpod = header(headers, 'libpod-api-version');
  if (libpod !== undefined || /^libpod\//i.test(server ?? '')) {
    const version = /^libpod\/(\S+)/i.exec(server ?? '')?.[1] ?? libpod;
    return version ? { kind: 'podman', version } : { kind: 'podman' };
  }
  const version = /^docker\/(\S+)/i.exec(server ?? '')?.[1];
  return version ? { kind: 'docker', version } : { kind: 'docker' };
}

function header(headers: PingHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value || undefined;
}
