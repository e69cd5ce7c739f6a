// Loads the Podman fixtures captured by test/podman/capture-fixtures.sh from the real
// `podman system service` (its Docker-compatible API), for the podman-*.test.ts unit tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DockerInspect } from '../../src/lifecycle/docker.js';
import type { PodmanEventMessage } from '../../src/sources/podman-events.js';
import type { PingHeaders } from '../../src/sources/docker-engine-kind.js';

const dir = fileURLToPath(new URL('../fixtures/podman/', import.meta.url));

export function podmanInspect(name: string): DockerInspect {
  return JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as DockerInspect;
}

export function podmanEvents(name: string): PodmanEventMessage[] {
  return readFileSync(`${dir}events/${name}.ndjson`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PodmanEventMessage);
}

/** When the capture asked Podman to stop the container (ms, the capturing machine's clock). */
export function podmanStopRequest(name: string): { requestedAtMs: number; graceSeconds: number } {
  return JSON.parse(readFileSync(`${dir}events/${name}.request.json`, 'utf8')) as { requestedAtMs: number; graceSeconds: number };
}

/** GET /_ping's response headers, from Podman (`podman`) or the private dockerd (`docker`). */
export function pingHeaders(engine: 'podman' | 'docker'): PingHeaders {
  return JSON.parse(readFileSync(new URL(`../fixtures/${engine}/ping-headers.json`, import.meta.url), 'utf8')) as PingHeaders;
}
