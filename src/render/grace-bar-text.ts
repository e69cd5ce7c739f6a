// The grace bar as plain text, so the TUI and the headless printers draw the same thing.
import { describeOutcome, terminationOutcome, viewTermination } from '../lifecycle/termination.js';
import type { TerminationView } from '../lifecycle/termination.js';
import type { Termination } from '../lifecycle/types.js';

/** Words for each phase; a phase whose start is worked out from an estimate says so. */
const PHASE_LABEL = {
  hook: 'preStop',
  // The API does not report when an httpGet or exec hook ends: do not claim either.
  'hook-or-term': 'preStop or TERM',
  waiting: 'waits for main containers',
  term: 'TERM sent',
  'kill-due': 'KILL due',
  done: 'done',
} as const;

export type PhaseName = keyof typeof PHASE_LABEL;

/** "TERM sent", "QUIT sent" for a container whose stop signal is SIGQUIT, "… (est.)" when worked out from an estimate. */
export function phaseLabel(view: Pick<TerminationView, 'phase' | 'estimated'>, t: Pick<Termination, 'stopSignal'>): string {
  const words = view.phase === 'term' && t.stopSignal ? `${t.stopSignal.replace(/^SIG/, '')} sent` : PHASE_LABEL[view.phase];
  return `${words}${view.estimated ? ' (est.)' : ''}`;
}

/** "KILL in 12s", or "KILL in 12-14s" when KILL's moment depends on one the API does not report. */
export function killCountdown(view: Pick<TerminationView, 'secondsToKill' | 'secondsToKillLatest'>): string {
  const from = view.secondsToKill.toFixed(0);
  const to = view.secondsToKillLatest?.toFixed(0);
  return `KILL in ${to !== undefined && to !== from ? `${from}-${to}` : from}s`;
}

export interface GraceBarParts {
  filled: number;
  empty: number;
  label: string;
  phase: PhaseName;
  killed: boolean;
}

export function graceBarParts(t: Termination, now: number, barWidth: number): GraceBarParts {
  const view = viewTermination(t, now);
  const filled = Math.round(view.fraction * barWidth);
  if (view.phase === 'done') {
    const outcome = terminationOutcome(t);
    return { filled, empty: barWidth - filled, label: outcome ? describeOutcome(outcome) : 'done', phase: 'done', killed: view.killed };
  }
  // A grace the API does not tell (a kubelet eviction) is shown as its bounds.
  const grace = t.graceFromSeconds !== undefined && t.graceFromSeconds < view.graceSeconds ? `${t.graceFromSeconds}-${view.graceSeconds}` : `${view.graceSeconds}`;
  const elapsed = `${view.elapsedSeconds.toFixed(1)}/${grace}s`;
  const tail = view.phase === 'kill-due' ? (t.killSentAt !== undefined ? 'KILL sent' : 'grace period over') : killCountdown(view);
  const force = t.forced ? ' (forced: object removed, process may live on)' : '';
  return {
    filled,
    empty: barWidth - filled,
    label: `${phaseLabel(view, t)} ${elapsed} · ${tail}${force}`,
    phase: view.phase,
    killed: view.killed,
  };
}

export function graceBarText(t: Termination, now: number, barWidth = 12): string {
  const p = graceBarParts(t, now, barWidth);
  return `[${'█'.repeat(p.filled)}${'░'.repeat(p.empty)}] ${p.label}`;
}
