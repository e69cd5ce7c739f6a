// What the dashboard's start leaves out, in a real terminal: nothing it does before its
// first screen makes an Intl.Segmenter (the first one a process makes starts ICU's text
// services, 15-20 ms and ~3 MB) or loads child_process. Counted by a preload in the
// program itself (test/support/record-start-costs.mjs); a non-ASCII key then shows that the
// segmenter is still made when text needs one.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWhere, tmuxMissing } from '../support/requirements.js';
import { TmuxScreen } from '../support/tmux.js';
import { startTwoPodApiserver, type TwoPodApiserver } from '../support/two-pod-apiserver.js';

const preload = fileURLToPath(new URL('../support/record-start-costs.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'podlife-start-costs-'));
const moduleLog = join(work, 'modules.txt');
const segmenterLog = join(work, 'segmenters.txt');
const segmentersMade = () => (existsSync(segmenterLog) ? readFileSync(segmenterLog, 'utf8').trim().split('\n').filter(Boolean) : []);

let apiserver: TwoPodApiserver | undefined;
let screen: TmuxScreen | undefined;

beforeAll(async () => {
  apiserver = await startTwoPodApiserver(work);
});

afterEach(() => screen?.close());

afterAll(async () => {
  await apiserver?.close();
  rmSync(work, { recursive: true, force: true });
});

describeWhere(tmuxMissing(), "the dashboard's start", () => {
  it('draws its first screen without an Intl.Segmenter or child_process; a non-ASCII key still gets one', async () => {
    const env = {
      HOME: work,
      XDG_CACHE_HOME: join(work, 'cache'),
      KUBECONFIG: '',
      NODE_OPTIONS: `--import=${preload}`,
      PODLIFE_TEST_MODULE_LOG: moduleLog,
      PODLIFE_TEST_SEGMENTER_LOG: segmenterLog,
    };
    const s = (screen = new TmuxScreen(['--kubeconfig', apiserver!.kubeconfig, '-n', 'shop'], env, { columns: 160, rows: 20 }));
    await s.waitForText(/web-2\s+web\s+Running/, 30_000);
    expect(segmentersMade()).toEqual([]);

    // '/' opens the filter; 'é' is typed text that is not ASCII: split into keys by graphemes.
    s.keys('/');
    await s.waitForText(/^\/ *$/m, 10_000);
    s.keys('é', true);
    await s.waitForText('/é', 10_000);
    // The key split by graphemes, and the é then measured and drawn (string-width, Ink's line diff, …).
    expect(segmentersMade().some((where) => where.includes('keypressesFrom'))).toBe(true);

    s.keys('Escape');
    await s.waitForText('? help', 10_000);
    s.keys('q');
    await s.waitForText(/\[exit 0\]/, 15_000);
    const modules = readFileSync(moduleLog, 'utf8').trim().split('\n');
    expect(modules).toContain('node:https'); // the log holds built-ins: the check below can fail
    expect(modules).not.toContain('node:child_process');
  }, 60_000);
});
