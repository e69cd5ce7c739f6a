// What a recording keeps of a captured pod: the rows podlife draws from it are the same,
// and no value a user may put in the spec as a secret is left in it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import { redactPod } from '../../src/record/redact.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
// The API object as captured, with fields podlife's types do not name (env, annotations, headers).
const pod = (name: string): any => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8'));
const rows = (p: unknown) => podToRows(p as PodJson, { context: 'podlife-local' });

describe('redactPod', () => {
  it('keeps what the rows are made of (hooks, states, grace)', () => {
    for (const name of ['lifecycle-running', 'lifecycle-deleting', 'prestop-overrun-deleting', 'init-and-sidecar-running', 'crash-loop-backoff']) {
      expect(rows(redactPod(pod(name))), name).toEqual(rows(pod(name)));
    }
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
