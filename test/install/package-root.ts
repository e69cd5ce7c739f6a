// For the install tests: the checkout under test, its package.json, and what podlife
// prints of its bundled demo.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PACKAGE = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { name: string; version: string; engines: { node: string } };

/**
 * What `podlife --once` prints with no cluster and no Docker engine: the bundled demo
 * recording (demo/*.yaml's pods, captured from a real cluster) as it ends.
 */
export function expectBundledDemo(r: { status: number | null; stdout: string; stderr: string }): void {
  expect(r.stderr).toContain('playing the bundled demo');
  expect(r.stdout).toMatch(/^NAMESPACE\s+POD\s+CONTAINER/);
  expect(r.stdout).toMatch(/lifecycle\s+web\s.*Terminated†\s+Completed\s+0/);
  expect(r.stdout).toMatch(/prestop-overrun\s+stubborn\s.*Terminated†\s+Error\s+137/);
  expect(r.status).toBe(0);
}
