// What the screen says about the engine behind a Docker endpoint. Podman's Docker API
// leaves out what podlife shows for dockerd (sources/podman-events.ts): the header and the
// detail pane say so, rather than show a stop by another client as nothing at all.
import type { DockerEngine } from '../lifecycle/types.js';

/** "Podman 4.3.1", "Docker 27.3.1". */
export function dockerEngineLabel(engine: DockerEngine): string {
  const name = engine.kind === 'podman' ? 'Podman' : 'Docker';
  return engine.version ? `${name} ${engine.version}` : name;
}

/** The header's line for a Podman endpoint: what its events do not tell. */
export function podmanHeaderNote(engine: DockerEngine): string {
  return `${dockerEngineLabel(engine)}: its events do not say when TERM or KILL is sent; a stop by another client shows only its exit`;
}

/** The detail pane's line for a container on Podman. */
export function podmanDetailNote(engine: DockerEngine): string {
  return `${dockerEngineLabel(engine)} reports no TERM or KILL: a bar runs from podlife's own stop to its deadline (Podman's KILL); another client's stop shows only its exit`;
}
