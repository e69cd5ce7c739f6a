// The full-screen dashboard: the Ink app, drawn until the user quits or a signal ends it.
import { render } from 'ink';
import type { LatencyProbe } from '../perf/latency.js';
import type { Session } from '../session.js';
import type { Settings } from '../settings/settings.js';
import { holdTerminal } from '../sources/exec-credential.js';
import { App } from '../ui/App.js';
import { writeFramesWhole } from '../ui/ink-frame-writes.js';

export async function runInk(session: Session, label: string, probe: LatencyProbe | undefined, notice: string | undefined, settings: Settings): Promise<number> {
  probe?.watchWrites(process.stdout);
  const writeFramesApart = writeFramesWhole(process.stdout);
  // A sign-in plugin run from now on cannot prompt: the dashboard owns the keyboard.
  holdTerminal(true);
  // interactive: Ink would otherwise draw nothing when a CI variable is set, even on a real terminal.
  // incrementalRendering: a frame writes only the lines that changed (under churn a few
  // rows and the header), not the whole screen, so the terminal and its pipe do less.
  // maxFps: Ink's own spacing of frames. A change from the cluster is spaced by the store's
  // frame pacer (33 ms at least); what Ink alone spaces is a redraw at a moment, from a
  // timer: a grace bar's KILL due, a preStop's end. At 30 such a moment waited up to 34 ms
  // behind the frame before it (a drain switches many rows within a few hundred ms).
  const instance = render(<App session={session} sourceLabel={label} notice={notice} columnChoice={settings.columns} />, { alternateScreen: true, interactive: true, incrementalRendering: true, exitOnCtrlC: true, maxFps: 60, onRender: probe?.frameDone });
  const onSignal = () => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  // A terminal closed under the dashboard (its window, an ssh session) fails the next frame's
  // write (EIO). Unhandled, that error ended the process there, before the session and a
  // recording were closed: a .gz recording kept its header only. With nobody to draw for,
  // the dashboard ends as at a quit.
  const terminalGone = () => instance.unmount();
  process.stdout.on('error', terminalGone);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.stdout.off('error', terminalGone);
    writeFramesApart();
    holdTerminal(false);
  }
  return 0;
}
