// A health check that turns unhealthy, on the real engine: the row says since when, and
// that moment lies where the engine's own State.Health.Log puts the turn (the end of the
// check that made the failing streak reach --health-retries). The built binary prints it
// in its table's REASON and in -o json.
import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { cellText } from '../../src/render/row-cells.js';
import { DockerSource } from '../../src/sources/docker.js';
import { runCli } from '../support/run-cli.js';
import { RecordingSink } from './recording-sink.js';
import { inspectState, runContainer, uniqueName, waitFor, useSharedEngine } from './setup.js';

let host = '';
useSharedEngine((h) => (host = h));

interface Check { Start: string; End: string; ExitCode: number }
const engineHealth = (id: string) => inspectState(host, id).Health as { Status: string; FailingStreak: number; Log: Check[] };
const iso = (ms: number) => new Date(ms).toISOString();

describe('a health check that turns unhealthy, on a real engine', () => {
  it('--health-cmd "exit 1" --health-interval 1s --health-retries 2: unhealthy since the 2nd failed check ended', async () => {
    const sink = new RecordingSink();
    const source = new DockerSource({ host });
    try {
      source.start(sink);
      await waitFor(() => sink.lastStatus()?.state === 'live', 'the source to go live');
      const offset = sink.lastStatus()?.clockOffsetMs ?? 0;
      const id = runContainer(host, uniqueName('unhealthy'), ['--health-cmd', 'exit 1', '--health-interval', '1s', '--health-retries', '2'], 'while :; do sleep 0.2; done');

      // First the row the event makes (its moment), then the engine's record (the inspect after it).
      const first = await waitFor(() => sink.row(id)?.health === 'unhealthy' && sink.row(id), 'the unhealthy row', 30_000);
      const health = engineHealth(id);
      const turn = health.Log[1]!; // retries 2: the second failed check of the run turned it
      const turnedAt = Date.parse(turn.End) - offset;
      const next = health.Log[2] ? Date.parse(health.Log[2].Start) - offset : turnedAt + 1000;
      console.info(`[health] engine: checks ${health.Log.map((c) => `${c.Start.slice(11, 23)}–${c.End.slice(11, 23)} exit ${c.ExitCode}`).join(', ')}; ` +
        `podlife first healthSince ${iso(first.healthSince!)}${first.healthSinceAtLeast ? ' (at least)' : ''}`);
      expect(health.Log.slice(0, 2).map((c) => c.ExitCode)).toEqual([1, 1]);
      expect(first.healthSince).toBeGreaterThanOrEqual(turnedAt);
      expect(first.healthSince).toBeLessThanOrEqual(next); // reported before the next check began
      expect(first.healthSinceAtLeast).toBeUndefined();

      const settled = await waitFor(() => sink.row(id)?.healthSince === turnedAt && sink.row(id), 'healthSince at the engine\'s End of the turning check');
      console.info(`[health] engine turning check ended ${turn.End}; podlife healthSince ${iso(settled.healthSince!)}`);
      const now = Date.now();
      expect(cellText(settled as ContainerRow, 'reason', now)).toBe(`unhealthy ${Math.floor((now - turnedAt) / 1000)}s`);
      expect(settled.ready).toBe(false);

      // The binary, which did not see the turn: REASON in its table, healthSince in -o json.
      // Within 4 checks of the turn the engine's log still holds the turning check (exact);
      // after that, it says "at least" since its oldest check, never a later turn than the truth.
      const json = await runCli(['--docker-host', host, '-o', 'json']);
      expect(json.code).toBe(0);
      const rows = JSON.parse(json.stdout) as { container: string; health?: string; healthSince?: string; healthSinceAtLeast?: boolean }[];
      const printed = rows.find((r) => r.container === settled.name)!;
      console.info(`[health] podlife -o json: healthSince ${printed.healthSince}${printed.healthSinceAtLeast ? ' (at least)' : ''}`);
      expect(printed.health).toBe('unhealthy');
      if (printed.healthSinceAtLeast) expect(Date.parse(printed.healthSince!)).toBeGreaterThan(turnedAt + offset);
      // (Each process moves the engine's times onto its own clock with its own offset estimate:
      // the two agree within a few ms, not to the ms.)
      else expect(Math.abs(Date.parse(printed.healthSince!) - (turnedAt + offset))).toBeLessThanOrEqual(250);
      const table = await runCli(['--docker-host', host, '--once', '-o', 'table']);
      expect(table.stdout).toMatch(/ unhealthy >?\d+s /); // the only container with a health check
    } finally {
      await source.close();
    }
  }, 90_000);
});
