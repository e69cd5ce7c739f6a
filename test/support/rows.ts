// Rows for store/UI tests, made by the real mapping from containers captured from dockerd.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dockerRow as mapDockerRow, type DockerInspect } from '../../src/lifecycle/docker.js';
import type { ContainerRow, Termination } from '../../src/lifecycle/types.js';

const fixtures = fileURLToPath(new URL('../fixtures/docker/', import.meta.url));

export function dockerFixture(name: string): DockerInspect {
  return JSON.parse(readFileSync(`${fixtures}${name}.json`, 'utf8')) as DockerInspect;
}

export function dockerRow(name: string, context = 'default', termination?: Termination): ContainerRow {
  return mapDockerRow(dockerFixture(name), { context, termination });
}
