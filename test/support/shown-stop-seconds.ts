// The seconds a finished bar shows ("exited 0 after 3.1 s of 10 s", "killed after 2.0 s
// of 2 s"), checked against the engine's own record. A loaded engine (dockerd, Podman)
// records an exit late, and podlife shows what the engine recorded, so no fixed upper
// bound holds: the figure is at least what the container takes, and at most the engine's
// FinishedAt less the moment the stop was confirmed, plus 0.1 s for the figure's rounding.

/** `pattern` captures the seconds; `confirmedAt` is taken before the key that asked for the stop. */
export function checkShownStopSeconds(shownText: string, pattern: RegExp, atLeastS: number, confirmedAt: number, finishedAt: number): void {
  const shown = Number(pattern.exec(shownText)?.[1]);
  if (!(shown >= atLeastS)) throw new Error(`shown ${shown} s, less than the ${atLeastS} s the container takes: ${shownText}`);
  if (!(shown * 1000 <= finishedAt - confirmedAt + 100)) throw new Error(`shown ${shown} s, but the engine recorded the exit ${((finishedAt - confirmedAt) / 1000).toFixed(2)} s after the stop was asked`);
}
