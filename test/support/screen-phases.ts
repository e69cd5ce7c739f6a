// Reads the grace bar's phase for every row off a real terminal screen, over and over,
// and keeps when each row first showed each phase: what a user watching saw, and when.
import type { TmuxScreen } from './tmux.js';
import type { TmuxControlReader } from '../../bench/lib/tmux-control.mjs';

export type ScreenPhase = 'preStop' | 'preStop-or-TERM' | 'waiting' | 'TERM' | 'KILL' | 'done';

/** The order phases come in: a later one implies the earlier ones are over. */
const ORDER: readonly ScreenPhase[] = ['preStop', 'preStop-or-TERM', 'waiting', 'TERM', 'KILL', 'done'];

export interface PhaseSighting {
  phase: ScreenPhase;
  /** The label as drawn, e.g. "TERM sent (est.) 3.1/16s · KILL in 13s". */
  label: string;
  /** First read that showed it (epoch ms, taken right after the screen came back). */
  at: number;
  /** When the read before it was asked for: the phase changed in (before, at]. */
  before: number;
}

/** The words a user reads on the bar → the phase they name. */
export function phaseOfLabel(label: string): ScreenPhase | undefined {
  if (/\b(exited \d+|killed) after /.test(label)) return 'done';
  if (label.startsWith('preStop or TERM')) return 'preStop-or-TERM';
  if (label.startsWith('preStop')) return 'preStop';
  if (label.startsWith('waits for')) return 'waiting';
  if (label.startsWith('TERM sent')) return 'TERM';
  if (label.startsWith('KILL due')) return 'KILL';
  return undefined;
}

/** `[!] pod  container  … [███░░] label` → "pod/container" and the label (`!`: the row has warnings). */
function rowsOnScreen(screen: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of screen.split('\n')) {
    const match = /^[\s!]*?(?:! )?\s*([^\s!]\S*)\s+(\S+)\s.*?\[[█░]+\] (.+?)\s*$/.exec(line);
    if (match) rows.set(`${match[1]}/${match[2]}`, match[3]!);
  }
  return rows;
}

/** Where a sighting's window lies against the node's moment: `"TERM sent …" drawn in (-12, 28] ms from the node's moment`. */
export function drawnWindow(s: PhaseSighting, nodeAt: number): string {
  return `"${s.label}" drawn in (${s.before - nodeAt}, ${s.at - nodeAt}] ms from the node's moment`;
}

/** A label that says KILL may be going out now: its countdown reached 0 ("KILL in 0-2s"). */
const KILL_POSSIBLE = /KILL in 0(-\d+)?s/;

export class ScreenPhaseWatch {
  private readonly seen = new Map<string, PhaseSighting[]>();
  private readonly killPossible = new Map<string, PhaseSighting>();
  private timer: NodeJS.Timeout | undefined;
  private reader: TmuxControlReader | undefined;
  /** When the previous read was asked for: tmux took that screen no earlier. */
  private lastAsked = Date.now();
  private readonly readMs: number[] = [];
  /** The widest (before, at] a read left: how far apart two reads' screens may lie. */
  private widestWindowMs = 0;

  constructor(private readonly screen: TmuxScreen, private readonly intervalMs = 40) {}

  /** Starts reading; resolves once the first screen came back (the control client is attached). */
  start(): Promise<void> {
    const reader = (this.reader = this.screen.controlReader());
    let firstRead: () => void = () => {};
    let firstFailed: (err: Error) => void = () => {};
    const attached = new Promise<void>((resolve, reject) => {
      firstRead = resolve;
      firstFailed = reject;
    });
    const poll = async () => {
      const asked = Date.now();
      const text = await reader.read().catch((err: Error) => void firstFailed(err));
      if (text === undefined || this.reader !== reader) return;
      // tmux took this screen somewhere in [asked, at]: a change it shows came after the
      // previous read was asked for and no later than now.
      const at = Date.now();
      this.readMs.push(at - asked);
      if (this.readMs.length > 1) this.widestWindowMs = Math.max(this.widestWindowMs, at - this.lastAsked);
      for (const [row, label] of rowsOnScreen(text)) {
        const phase = phaseOfLabel(label);
        if (!phase) continue;
        if (KILL_POSSIBLE.test(label) && !this.killPossible.has(row)) this.killPossible.set(row, { phase, label, at, before: this.lastAsked });
        const list = this.seen.get(row) ?? [];
        if (list.at(-1)?.phase !== phase) list.push({ phase, label, at, before: this.lastAsked });
        this.seen.set(row, list);
      }
      this.lastAsked = asked;
      firstRead();
      this.timer = setTimeout(() => void poll(), this.intervalMs);
    };
    void poll();
    return attached;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.reader?.close();
    this.reader = undefined;
  }

  /** How long screen reads took (ms), for the report: each is part of every window measured. */
  readTimes(): { count: number; p50: number; p90: number; max: number; widestWindow: number } {
    const sorted = [...this.readMs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
    return { count: sorted.length, p50: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? 0, widestWindow: this.widestWindowMs };
  }

  /** Every phase the row showed, in order, with when it first showed it. */
  sightings(row: string): PhaseSighting[] {
    return this.seen.get(row) ?? [];
  }

  /** When the row first showed `phase` or any phase after it (for a KILL: also an exit 'killed after'). */
  firstFrom(row: string, phase: ScreenPhase): PhaseSighting | undefined {
    const rank = ORDER.indexOf(phase);
    return this.sightings(row).find((s) => ORDER.indexOf(s.phase) >= rank && (phase !== 'KILL' || s.phase === 'KILL' || s.label.includes('killed after')));
  }

  /**
   * When the row first said `phase` may have happened: for TERM, a "preStop or TERM" that
   * follows a "preStop" (a known-length hook's end known only as a window) or TERM itself;
   * for KILL, its countdown reaching 0 ("KILL in 0-2s") or KILL itself.
   * The claim (firstFrom) must not come before the node; this must not come after it.
   */
  firstPossible(row: string, phase: ScreenPhase): PhaseSighting | undefined {
    const list = this.sightings(row);
    if (phase === 'TERM') {
      const window = list.findIndex((s, i) => s.phase === 'preStop-or-TERM' && i > 0 && list[i - 1]!.phase === 'preStop');
      const claim = this.firstFrom(row, 'TERM');
      if (window >= 0 && (!claim || list[window]!.at <= claim.at)) return list[window];
      return claim;
    }
    if (phase === 'KILL') {
      // A KILL whose moment is a range: its countdown at 0 says it may be going out.
      const countdown = this.killPossible.get(row);
      const claim = this.firstFrom(row, 'KILL');
      return countdown && (!claim || countdown.at <= claim.at) ? countdown : claim;
    }
    return this.firstFrom(row, phase);
  }

  /** When the row first showed `phase`. */
  first(row: string, phase: ScreenPhase): PhaseSighting | undefined {
    return this.sightings(row).find((s) => s.phase === phase);
  }
}
