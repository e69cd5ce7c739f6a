// The grace bar as plain text, so the TUI and the headless printers draw the same thing.
import { describeOutcome, terminationOutcome, viewTermination } from '../lifecycle/termination.js';
import type { Termination } from '../lifecycle/types.js';

const PHASE_LABEL = { hook: 'preStop', term: 'TERM sent', 'kill-due': 'KILL due', done: 'done' } as const;

export interface GraceBarParts {
  filled: number;
  empty: number;
  label: string;
  phase: keyof typeof PHASE_LABEL;
  killed: boolean;
}

export function graceBarParts(t: Termination, now: number, barWidth: number): GraceBarParts {
  const view = viewTermination(t, now);
  const filled = Math.round(view.fraction * barWidth);
  if (view.phase === 'done') {
    const outcome = terminationOutcome(t);
    return { filled, empty: barWidth - filled, label: outcome ? describeOutcome(outcome) : 'done', phase: 'done', killed: view.killed };
  }
  const elapsed = `${view.elapsedSeconds.toFixed(1)}/${view.graceSeconds}s`;
  const tail = view.phase === 'kill-due' ? (t.killSentAt !== undefined ? 'KILL sent' : 'grace period over') : `KILL in ${view.secondsToKill.toFixed(0)}s`;
  const force = t.forced ? ' (forced: object removed, process may live on)' : '';
  return {
    filled,
    empty: barWidth - filled,
    label: `${phaseLabel(view.phase, t)} ${elapsed} · ${tail}${force}`,
    phase: view.phase,
    killed: view.killed,
  };
}

/** "TERM sent", or "QUIT sent" for a container whose stop signal is SIGQUIT. */
function phaseLabel(phase: keyof typeof PHASE_LABEL, t: Termination): string {
  return phase === 'term' && t.stopSignal ? `${t.stopSignal.replace(/^SIG/, '')} sent` : PHASE_LABEL[phase];
}

export function graceBarText(t: Termination, now: number, barWidth = 12): string {
  const p = graceBarParts(t, now, barWidth);
  return `[${'█'.repeat(p.filled)}${'░'.repeat(p.empty)}] ${p.label}`;
}
