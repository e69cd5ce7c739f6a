// The footer under a notice: the key hints stay visible (the notice gives up its end),
// while an error keeps its whole text.
import './layout-engine.js';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { besideHints, Footer } from '../../src/ui/Footer.js';
import { FOOTER_HINTS } from '../../src/ui/keymap.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const NOTICE = 'No cluster or Docker engine answers: playing the bundled demo. Try --kubeconfig/--context or --docker. (no kubeconfig found)';
const base = { mode: { kind: 'table' } as const, filter: '', count: 4, total: 4, selected: 0 };
const notice = { text: NOTICE, error: false };

describe('Footer', () => {
  it('at 120 columns keeps every key hint beside the start notice, the notice cut with …', () => {
    const { text, tail } = besideHints(notice, FOOTER_HINTS, 120);
    expect(stringWidth(text + tail)).toBeLessThanOrEqual(120);
    expect(text).toMatch(/^No cluster or Docker engine answers: .*…$/);
    expect(tail).toBe(` · ${FOOTER_HINTS.join(' · ')}`);
  });

  it('a short message stays whole; where all hints do not fit, help and quit do', () => {
    const cancelled = { text: 'cancelled: nothing was changed', error: false };
    expect(besideHints(cancelled, FOOTER_HINTS, 200)).toEqual({ text: cancelled.text, tail: ` · ${FOOTER_HINTS.join(' · ')}` });
    expect(besideHints(cancelled, FOOTER_HINTS, 80)).toEqual({ text: cancelled.text, tail: ' · ? help · q quit' });
  });

  it('shows an error whole, before the hints (on the 100-column test terminal)', () => {
    const error = 'forbidden: cannot delete pods in namespace podlife-demo (context podlife-local)';
    const app = render(<Footer {...base} message={{ text: error, error: true }} width={100} />);
    unmount = app.unmount;
    expect(app.lastFrame()).toContain(`${error} · ? help · q quit`);
  });

  it('draws the notice and the hints on one line', () => {
    const app = render(<Footer {...base} message={notice} width={100} />);
    unmount = app.unmount;
    const line = app.lastFrame()!;
    expect(line).toMatch(/^No cluster or .*… · \? help · (.* · )?q quit$/);
    expect(stringWidth(line)).toBeLessThanOrEqual(100);
  });
});
