// Which engine answers on a Docker endpoint. Podman's `podman system service` serves the
// Docker Engine API too, but its events and inspect results differ in ways podlife must
// allow for (sources/podman-events.ts): its GET /version names a "Podman Engine"
// component, where dockerd names "Engine".
import type { DockerEngine } from '../lifecycle/types.js';

/** The parts of GET /version read here (both engines serve them). */
export interface EngineVersionAnswer {
  Version?: string;
  Platform?: { Name?: string } | null;
  Components?: { Name?: string; Version?: string }[] | null;
}

export function dockerEngineFromVersion(answer: EngineVersionAnswer | undefined): DockerEngine {
  const podman = answer?.Components?.find((c) => /^podman\b/i.test(c.Name ?? ''));
  if (podman || /podman/i.test(answer?.Platform?.Name ?? '')) {
    const version = podman?.Version ?? answer?.Version;
    return version ? { kind: 'podman', version } : { kind: 'podman' };
  }
  const engine = answer?.Components?.find((c) => c.Name === 'Engine');
  const version = engine?.Version ?? answer?.Version;
  return version ? { kind: 'docker', version } : { kind: 'docker' };
}
