// Grace periods as a user types them (`podlife delete --grace N`, the Ctrl-D prompt), and
// what a grace of 0 means, in the same words wherever podlife says it.

/** "30" → 30; anything but a whole number of seconds ≥ 0 ("-3", "abc", "1.5", "") → undefined. */
export function parseGraceSeconds(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const seconds = Number(text);
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** What a grace-0 (force) delete does, said before it is done. */
export const FORCE_DELETE_MEANING =
  'the pod object is removed at once, without waiting for its containers to stop; the kubelet may still wait out the full grace period on the node, so a container may go on running, and podlife (like every dashboard) loses sight of it';
