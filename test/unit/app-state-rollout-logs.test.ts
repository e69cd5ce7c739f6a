// The dashboard's keys for issue 13 without a terminal: o groups by owner, R restarts the
// selected pod's Deployment with the delete's confirmation rules, l and p open the log.
// Rows are the local cluster's captured pods (test/fixtures/kubernetes/rollout).
import { readFileSync } from 'node:fs';
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { groupByOwner } from '../../src/render/owner-groups.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { initialAppState, type AppState, type KeyContext } from '../../src/ui/app-state.js';
import { confirmQuestion } from '../../src/ui/confirm-text.js';
import { typeKeys } from '../support/app-keys.js';
import { filterRows } from '../../src/ui/row-filter.js';
import { RecordingSink } from './kubernetes-sink.js';

const dir = new URL('../fixtures/kubernetes/rollout/', import.meta.url);
const json = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const sink = new RecordingSink();
const feed = new KubernetesFeed(sink, 'podlife-local');
feed.apply({ t: 1, type: 'k8s.replicasets.list', context: 'podlife-local', data: json('rs-list-before.json') });
const evicted = json('evicted.json');
feed.apply({ t: 2, type: 'k8s.pods.list', context: 'podlife-local', data: { items: [evicted, ...json('pods-before.json').items] } });
const rows: ContainerRow[] = sink.last('resync')!.rows;

const view = (over: Partial<KeyContext> = {}): KeyContext => ({ rowsFor: (filter, grouped) => (grouped ? groupByOwner(filterRows(rows, filter)) : filterRows(rows, filter)), pageSize: 5, sourceKind: 'kubernetes', ...over });
const type = (chunks: (string | [string, Partial<Key>])[], state: AppState = initialAppState(), ctx = view()) => typeKeys(chunks, ctx, state);
const ESC: [string, Partial<Key>] = ['', { escape: true }];
const webIndex = () => rows.findIndex((r) => r.owner?.deployment === 'web');

describe('o: rows grouped by owner', () => {
  it('puts the Deployment\'s pods together, ownerless pods last, and toggles back', () => {
    expect(rows[0]!.group).toBe('sigterm-logger');
    const on = type(['o']).state;
    expect(on.groupByOwner).toBe(true);
    const grouped = view().rowsFor('', true);
    expect(grouped.at(-1)!.group).toBe('sigterm-logger');
    expect(grouped.slice(0, -1).every((r) => r.owner?.deployment === 'web')).toBe(true);
    expect(type(['o'], on).state.groupByOwner).toBe(false);
  });
});

describe('R: rollout restart with the confirmation rules of delete', () => {
  const onWeb = { ...initialAppState(), cursor: { key: rows[webIndex()]!.key, index: webIndex() } };

  it('asks first, naming the Deployment, namespace and context; the default answer is no', () => {
    const asked = type(['R'], onWeb).state;
    expect(asked.mode.kind).toBe('confirm');
    const request = (asked.mode as Extract<AppState['mode'], { kind: 'confirm' }>).request;
    expect(confirmQuestion(request)).toBe(`Restart deployment/web (rollout restart) in namespace ${rows[webIndex()]!.namespace} on context podlife-local?`);
    for (const no of [['n'], [ESC], [['', { return: true }] as [string, Partial<Key>]]]) {
      const { state, effects } = type(no as never, asked);
      expect(effects).toEqual([]);
      expect(state.message?.text).toBe('cancelled: nothing was changed');
    }
    const { effects } = type(['y'], asked);
    expect(effects).toEqual([{ kind: 'rolloutRestart', row: rows[webIndex()] }]);
  });

  it('refused read-only or in a replay, and for a pod no Deployment controls', () => {
    expect(type(['R'], onWeb, view({ modifyBlockedReason: 'podlife runs with --readonly: delete, stop and kill are disabled' })).state.message).toEqual({ text: 'podlife runs with --readonly: delete, stop and kill are disabled', error: true });
    const { state, effects } = type(['R']); // row 0: the evicted pod, no owner
    expect(effects).toEqual([]);
    expect(state.message).toEqual({ text: 'pod sigterm-logger is not controlled by a Deployment (it has no owner)', error: true });
  });
});

describe('l and p: the log view', () => {
  it('l opens the live log of the selected container, p the previous instance\'s; Esc goes back', () => {
    expect(type(['l']).state.mode).toEqual({ kind: 'logs', row: rows[0], previous: false });
    const previous = type(['p']).state;
    expect(previous.mode).toEqual({ kind: 'logs', row: rows[0], previous: true });
    expect(type([ESC], previous).state.mode).toEqual({ kind: 'table' });
  });

  it('a replay has no logs to show', () => {
    expect(type(['l'], initialAppState(), view({ sourceKind: 'replay' })).state.message?.error).toBe(true);
  });
});
