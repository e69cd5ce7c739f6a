// Reads the grace bar's phase for every row off a real terminal screen, over and over,
// and keeps when each row first showed each phase: what a user watching saw, and when.
import type { TmuxScreen } from './tmux.js';

export type ScreenPhase = 'preStop' | 'preStop-or-TERM' | 'waiting' | 'TERM' | 'KILL' | 'done';

/** The order phases come in: a later one implies the earlier ones are over. */
const ORDER: readonly ScreenPhase[] = ['preStop', 'preStop-or-TERM', 'waiting', 'TERM', 'KILL', 'done'];

export interface PhaseSighting {
  phase: ScreenPhase;
  /** The label as drawn, e.g. "TERM sent (est.) 3.1/16s · KILL in 13s". */
  label: string;
  /** First poll that showed it (epoch ms, taken right after the screen was read). */
  at: number;
  /** The poll before it: the phase changed in (before, at]. */
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

/** A label that says KILL may be going out now: its countdown reached 0 ("KILL in 0-2s"). */
const KILL_POSSIBLE = /KILL in 0(-\d+)?s/;

export class ScreenPhaseWatch {
  private readonly seen = new Map<string, PhaseSighting[]>();
  private readonly killPossible = new Map<string, PhaseSighting>();
  private timer: NodeJS.Timeout | undefined;
  private lastPoll = Date.now();

  constructor(private readonly screen: TmuxScreen, private readonly intervalMs = 40) {}

  start(): void {
    const poll = () => {
      const text = this.screen.screen();
      const at = Date.now();
      for (const [row, label] of rowsOnScreen(text)) {
        const phase = phaseOfLabel(label);
        if (!phase) continue;
        if (KILL_POSSIBLE.test(label) && !this.killPossible.has(row)) this.killPossible.set(row, { phase, label, at, before: this.lastPoll });
        const list = this.seen.get(row) ?? [];
        if (list.at(-1)?.phase !== phase) list.push({ phase, label, at, before: this.lastPoll });
        this.seen.set(row, list);
      }
      this.lastPoll = at;
      this.timer = setTimeout(poll, this.intervalMs);
    };
    poll();
  }

  stop(): void {
    clearTimeout(this.timer);
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
