// dockerode (and its HTTP/SSH stack) costs ~30 MB resident once loaded: load it only when
// a Docker source is actually built or probed, never for a Kubernetes-only session.
import { createRequire } from 'node:module';
import type Docker from 'dockerode';

const require = createRequire(import.meta.url);

export function loadDockerode(): typeof Docker {
  return require('dockerode') as typeof Docker;
}
