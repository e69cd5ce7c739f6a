// What a recording keeps of a captured pod: the rows podlife draws from it are the same,
// and no value a user may put in the spec as a secret is left in it.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import { podOwner, stopCause } from '../../src/lifecycle/kubernetes-cause.js';
import { redactPod } from '../../src/record/redact.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
// The API object as captured, with fields podlife's types do not name (env, annotations, headers).
const pod = (name: string): any => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8'));
const rows = (p: unknown) => podToRows(p as PodJson, { context: 'podlife-local' });

/** Every pod object the fixtures hold: bare, in lists, in watch lines, in every folder. */
function fixturePods(): { where: string; pod: any }[] {
  const found: { where: string; pod: any }[] = [];
  const add = (where: string, value: any) => {
    if (value?.kind === 'Pod') found.push({ where, pod: value });
    for (const item of Array.isArray(value?.items) ? value.items : []) if (item?.spec?.containers) found.push({ where, pod: item });
    if (value?.object?.kind === 'Pod') found.push({ where, pod: value.object });
  };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = `${entry.parentPath}/${entry.name}`;
    const text = readFileSync(file, 'utf8');
    if (entry.name.endsWith('.json')) add(entry.name, JSON.parse(text));
    else if (entry.name.endsWith('.ndjson')) text.split('\n').filter(Boolean).forEach((line, i) => add(`${entry.name}:${i + 1}`, JSON.parse(line)));
  }
  return found;
}

describe('redactPod', () => {
  it('keeps what the rows are made of (hooks, states, grace)', () => {
    for (const name of ['lifecycle-running', 'lifecycle-deleting', 'prestop-overrun-deleting', 'init-and-sidecar-running', 'crash-loop-backoff']) {
      expect(rows(redactPod(pod(name))), name).toEqual(rows(pod(name)));
    }
  });

  it('keeps what the rows are made of, for every captured pod (deleting, evicted, starting, held, drained)', () => {
    const pods = fixturePods();
    expect(pods.length).toBeGreaterThan(50);
    for (const { where, pod: p } of pods) {
      const kept = redactPod(p) as PodJson;
      expect(rows(kept), where).toEqual(rows(p));
      // Why it stops and who owns it are read from the same kept pod (the feed's relations).
      expect(stopCause({ pod: kept }), where).toEqual(stopCause({ pod: p }));
      expect(podOwner(kept, () => undefined), where).toEqual(podOwner(p, () => undefined));
    }
  });

  it('keeps none of the status that no row is made of: imageID, volumeMounts, the Ready condition', () => {
    const p = pod('lifecycle-running');
    expect(p.status.containerStatuses[0].imageID).toBeTruthy();
    expect(p.status.conditions.some((c: any) => c.type === 'Ready')).toBe(true);
    const kept = redactPod(p) as any;
    expect(kept.status.containerStatuses[0].imageID).toBeUndefined();
    expect(kept.status.containerStatuses[0].volumeMounts).toBeUndefined();
    expect(kept.status.conditions.map((c: any) => c.type).sort()).toEqual(p.status.conditions.map((c: any) => c.type).filter((t: string) => t === 'PodScheduled' || t === 'ContainersReady').sort());
  });

  it('drops env values, annotations and an httpGet hook\'s headers and path, keeps the hook kind', () => {
    const p = pod('lifecycle-running');
    const web = p.spec.containers[0];
    web.env = [{ name: 'DB_PASSWORD', value: 'env-secret' }];
    web.lifecycle.preStop = { httpGet: { port: 8080, path: '/drain?token=path-secret', httpHeaders: [{ name: 'Authorization', value: 'Bearer header-secret' }] } };
    p.metadata.annotations = { ...p.metadata.annotations, 'example.com/token': 'annotation-secret' };
    const kept = JSON.stringify(redactPod(p));
    for (const value of ['env-secret', 'path-secret', 'header-secret', 'annotation-secret']) expect(kept).not.toContain(value);
    expect(rows(redactPod(p))[0]!.hooks).toEqual({ postStart: 'exec', preStop: 'httpGet' });
    expect(rows(redactPod(p))).toEqual(rows(p));
  });
});
