// podlife in real terminals of the usual sizes (tmux panes): what stays visible, and that
// no line wraps. Plays the bundled demo recording (captured from the local cluster), so no
// cluster is needed. Widths are counted with string-width, as the terminal counts cells.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import stringWidth from 'string-width';
import { afterEach, expect, it } from 'vitest';
import { describeWhere, tmuxMissing } from '../support/requirements.js';
import { TmuxScreen } from '../support/tmux.js';
import { testDir } from '../support/test-dir.js';

const RECORDING = fileURLToPath(new URL('../../demo/recordings/lifecycle.ndjson.gz', import.meta.url));
const CJK_CONTEXT = '本番クラスター東京';
// CAUSE: the demo's pods were deleted, and a stopping pod's cause is shown while width allows.
// No NAMESPACE: the demo watched one namespace, which the header names (as k9s does).
const ALL_HEADERS = ['POD', 'CONTAINER', 'KIND', 'STATE', 'REASON', 'CAUSE', 'EXIT', 'RST', 'AGE', 'HOOKS', 'TERMINATION / TIMELINE'];
const BAR = /\[[█░]{10,}\]/;

let screen: TmuxScreen | undefined;
afterEach(() => screen?.close());

/** A terminal with no cluster and no Docker engine (the first-run situation). */
function newcomerEnv(): Record<string, string> {
  const home = testDir('podlife-fit-');
  return { HOME: home, KUBECONFIG: '', DOCKER_HOST: `unix://${home}/no-docker.sock`, DOCKER_CONTEXT: '', NO_COLOR: '1' };
}

interface TableRow {
  line: string;
  cells: Record<string, string>;
}

/** The table under its header line, cut into cells at the header's column positions. */
function table(text: string): { headers: string[]; rows: TableRow[] } {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^ {2}\S.*\bSTATE\b/.test(l));
  expect(at, `no table header on:\n${text}`).toBeGreaterThan(0);
  const header = lines[at]!;
  const starts = [...header.matchAll(/\S+(?: \/ \S+)*/g)].map((m) => ({ name: m[0], from: m.index! }));
  const rows = lines
    .slice(at + 1)
    .filter((l) => /^[! ] \S/.test(l))
    .map((line) => ({
      line,
      cells: Object.fromEntries(starts.map((s, i) => [s.name, line.slice(s.from, starts[i + 1]?.from ?? line.length).trim()])),
    }));
  return { headers: starts.map((s) => s.name), rows };
}

/**
 * No line wrapped (tmux joins wrapped lines with -J) and none is wider than the terminal.
 * The plain and the joined capture must be of one moment: a demo still playing changes
 * between them, so both are taken again until the screen held still around them.
 */
async function expectNoWraps(s: TmuxScreen, columns: number): Promise<void> {
  const lines = (text: string) => text.split('\n').map((l) => l.trimEnd());
  for (const deadline = Date.now() + 10_000; ; ) {
    const before = s.screen();
    const joined = s.joinedScreen();
    if (s.screen() === before || Date.now() > deadline) {
      expect(lines(joined)).toEqual(lines(before));
      for (const line of lines(before)) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const finished = (text: string) => /replay of .* finished/.test(text) && table(text).rows.length >= 4;

describeWhere(tmuxMissing(), 'podlife fits the terminal', () => {
  it('the bundled demo at 80×24 shows every row with its state, an uncut reason and a grace bar of at least 10 cells', async () => {
    const s = (screen = new TmuxScreen([], newcomerEnv(), { columns: 80, rows: 24 }));
    // The preStop phase of the lifecycle pod: its bar is running.
    const text = await s.waitForText(/lifecycle\s+web\s+Running\s+\S+\s+\[[█░]+\] preSto/, 40_000);
    const { headers, rows } = table(text);
    expect(headers.slice(0, 4)).toEqual(['POD', 'CONTAINER', 'STATE', 'REASON']);
    expect(rows.map((r) => r.cells.POD)).toEqual(['crash-loop', 'image-pull-failure', 'lifecycle', 'prestop-overrun']);
    for (const row of rows) {
      expect(row.cells.STATE).toMatch(/^(Waiting|Running|Terminated†?)$/);
      expect(row.cells.REASON, row.line).not.toContain('…');
    }
    expect(rows.find((r) => r.cells.POD === 'lifecycle')!.line).toMatch(BAR);
    await expectNoWraps(s, 80);
  }, 60_000);

  it('at 200×50, 100×30 and 80×24 the finished demo keeps POD, CONTAINER, STATE, REASON and the bars; optional columns go first', async () => {
    const s = (screen = new TmuxScreen(['--replay', RECORDING, '--speed', '4'], newcomerEnv(), { columns: 200, rows: 50 }));
    const wide = table(await s.waitFor(finished, 'the replay to finish', 40_000));
    expect(wide.headers).toEqual(ALL_HEADERS);
    await expectNoWraps(s, 200);
    // The wide screen cuts nothing: it is the reference for the narrower ones.
    const reference = new Map(wide.rows.map((r) => [r.cells.POD, r.cells]));
    for (const [columns, rows, gone] of [
      [100, 30, ['CAUSE', 'KIND', 'HOOKS']],
      [80, 24, ['CAUSE', 'KIND', 'HOOKS', 'AGE', 'RST', 'EXIT']],
    ] as const) {
      s.resize(columns, rows);
      const text = await s.waitFor((t) => t.split('\n').every((l) => stringWidth(l.trimEnd()) <= columns) && finished(t), `a ${columns}-column frame`);
      const narrow = table(text);
      for (const header of gone) expect(narrow.headers, `${columns} columns`).not.toContain(header);
      expect(narrow.headers).toEqual(expect.arrayContaining(['POD', 'CONTAINER', 'STATE', 'REASON']));
      for (const row of narrow.rows) {
        const full = reference.get(row.cells.POD)!;
        expect(full, `${row.cells.POD} is whole at ${columns} columns`).toBeDefined();
        expect(row.cells.STATE).toBe(full.STATE);
        expect(row.cells.REASON).toBe(full.REASON);
      }
      // The lifecycle pod and the overrun both ended with a termination: their bars stay.
      for (const pod of ['lifecycle', 'prestop-overrun']) expect(narrow.rows.find((r) => r.cells.POD === pod)!.line, `${pod} @${columns}`).toMatch(BAR);
      await expectNoWraps(s, columns);
    }
  }, 90_000);

  it('at 120×30 (issue 21): no NAMESPACE for one namespace, whole bar labels while a lower column shows, key hints under the notice, gone rows counted', async () => {
    const s = (screen = new TmuxScreen([], newcomerEnv(), { columns: 120, rows: 30 }));
    const lower = ['CAUSE', 'HOOKS', 'KIND', 'AGE', 'RST', 'EXIT'];
    // Every frame while the demo plays: a bar's label is cut (…) only when no lower column is left.
    for (const deadline = Date.now() + 40_000; Date.now() < deadline; ) {
      const text = s.screen();
      if (/\bSTATE\b/.test(text)) {
        const { headers, rows } = table(text);
        expect(headers).not.toContain('NAMESPACE');
        const bars = rows.filter((r) => BAR.test(r.line));
        if (headers.some((h) => lower.includes(h))) for (const bar of bars) expect(bar.line.trimEnd(), bar.line).not.toMatch(/\][^\]]*…$/);
      }
      if (finished(text)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const end = await s.waitFor(finished, 'the demo to finish', 40_000);
    const lines = end.split('\n').filter((l) => l.trim());
    // The notice stays, and the hints beside it.
    const footer = lines.at(-1)!;
    expect(footer).toMatch(/^No cluster or/);
    for (const hint of ['? help', '/ filter', 'q quit']) expect(footer).toContain(hint);
    // Two pods were deleted and are gone (†): the header counts them on their own.
    const gone = table(end).rows.filter((r) => (r.cells.STATE ?? '').endsWith('†')).length;
    expect(gone).toBeGreaterThan(0);
    expect(lines[0]).toContain(`Gone† ${gone}`);
    await expectNoWraps(s, 120);
  }, 90_000);

  it('with a CJK context name the header keeps its counts whole at 80×24 and shows the full name at 200×50', async () => {
    // The same recording, its context renamed: a cluster named in Japanese.
    const text = gunzipSync(readFileSync(RECORDING)).toString('utf8').replaceAll('"podlife-local"', JSON.stringify(CJK_CONTEXT));
    const file = join(testDir('podlife-cjk-'), 'cjk.ndjson');
    writeFileSync(file, text);
    const s = (screen = new TmuxScreen(['--replay', file, '--speed', '4'], newcomerEnv(), { columns: 80, rows: 24 }));
    const narrow = await s.waitFor(finished, 'the replay to finish', 40_000);
    const title = narrow.split('\n')[0]!;
    expect(title).toMatch(/^podlife .*本番/);
    expect(title.trimEnd()).toMatch(/ {2}(Waiting \d+ Running \d+ Terminated \d+( Gone† \d+)?|W \d+ R \d+ T \d+( † \d+)?)$/);
    expect(table(narrow).rows).toHaveLength(4);
    await expectNoWraps(s, 80);
    s.resize(200, 50);
    const wide = await s.waitFor((t) => t.split('\n')[0]!.includes(CJK_CONTEXT), 'the full context name');
    expect(wide.split('\n')[0]!.trimEnd()).toMatch(/ {2}Waiting \d+ Running \d+ Terminated \d+( Gone† \d+)?$/);
    await expectNoWraps(s, 200);
  }, 90_000);

  it('handles every key of one chunk: tmux send-keys j C-d moves down and then answers Ctrl-D', async () => {
    const s = (screen = new TmuxScreen(['--replay', RECORDING, '--speed', '4'], newcomerEnv(), { columns: 100, rows: 30 }));
    const { rows } = table(await s.waitFor(finished, 'the replay to finish', 40_000));
    s.sendKeys('j', 'C-d');
    // A replay cannot delete: the Ctrl-D is answered with the reason, so it was not lost.
    await s.waitForText('this is a replay: nothing can be deleted, stopped or killed');
    s.sendKeys('Enter');
    // The j was not lost either: the detail pane is the second row's.
    await s.waitForText(new RegExp(`Pod\\s+${rows[1]!.cells.POD}\\b`));
  }, 60_000);
});
