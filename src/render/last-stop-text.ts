// The last stop of a container that restarted in place, in one line for the row and the
// headless table: "liveness kill: preStop 3.0 s, killed after 6.0 s of 6 s".
import { pastStopLabel } from '../lifecycle/kubelet-stops.js';
import { describeOutcome, terminationOutcome } from '../lifecycle/termination.js';
import type { PastStop } from '../lifecycle/types.js';

export function lastStopText(past: PastStop): string {
  const outcome = terminationOutcome(past.termination);
  return `${pastStopLabel(past.cause)}: ${outcome ? describeOutcome(outcome) : 'its end was not seen'}`;
}
