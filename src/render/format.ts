// Ages, clocks and signal names shared by the table, the detail pane and the headless
// printers (widths and cutting: widths.ts).

/** kubectl-style age: 42s, 5m, 3h, 2d. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(1)}s`;
}

/** Local wall-clock time, HH:MM:SS. */
export function formatClock(at: number | undefined): string {
  if (at === undefined) return '-';
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function formatTimestamp(at: number | undefined): string {
  return at === undefined ? '-' : new Date(at).toISOString();
}

export function signalName(signal: number | undefined): string | undefined {
  if (signal === undefined) return undefined;
  const names: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };
  return names[signal] ?? `signal ${signal}`;
}
