// Why a Docker container that stopped runs again, in the words of a StopCause. dockerd's
// events do not say it directly: its restart policy restarts a container with `die` then
// `start` (RestartCount rises); `docker restart` logs a `restart` right after its `start`;
// `docker start` logs `start` alone and resets RestartCount to 0.
import type { DockerInspect } from './docker.js';
import type { StopCause } from './types.js';

/** How the new run began: by the restart policy, a `docker restart`, or a `docker start`. */
export type DockerRestartHow = 'policy' | 'restart' | 'start';

/** "on-failure:3", "always", "unless-stopped"; undefined when the policy restarts nothing ("no"). */
export function restartPolicyText(info: DockerInspect | undefined): string | undefined {
  const policy = info?.HostConfig?.RestartPolicy;
  const name = policy?.Name;
  if (!name || name === 'no') return undefined;
  const max = policy?.MaximumRetryCount ?? 0;
  return name === 'on-failure' && max > 0 ? `${name}:${max}` : name;
}

/**
 * The cause of a past stop. `byStop`: someone asked it to stop (`docker stop`, a kill, a
 * podlife stop); else it exited by itself.
 */
export function dockerRestartCause(how: DockerRestartHow, byStop: boolean, policy: string | undefined): StopCause {
  switch (how) {
    case 'policy':
      return { kind: 'restart', short: 'restart', text: `restarted by its restart policy (${policy ?? 'unknown'})` };
    case 'restart':
      return { kind: 'restart', short: 'docker restart', text: 'restarted by docker restart' };
    case 'start':
      return { kind: 'restart', short: 'docker start', text: `${byStop ? 'stopped' : 'exited'}, then started again by docker start` };
  }
}
