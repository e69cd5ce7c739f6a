// The single source of truth for the UI and the headless printers. Sources push into a
// sink bound to their scope (source kind + context); readers subscribe and are notified
// at most once per frame, however fast events arrive.
import type { ConnectionStatus, ContainerRow, LifecycleEvent, SourceKind } from '../lifecycle/types.js';
import type { Clock, SourceSink } from '../sources/source.js';
import { FrameCoalescer, type FrameHold } from './frame-coalescer.js';
import { OrderedRows } from './ordered-rows.js';
import { RowHistory, type Transition } from './row-history.js';

export interface StoreOptions {
  clock?: Clock;
  /** Minimum ms between notifications (≈30 frames/s by default), or a function asked after each (the dashboard's FramePacer). */
  frameMs?: number | (() => number);
  /** While a container on screen is stopping, a change waits at most this long for its frame (the live bar's bound). */
  liveBarFrameMs?: number;
  /** How long rows of a deleted pod/container stay visible, dimmed. */
  goneRetentionMs?: number;
  /** Events kept per group for the detail pane. */
  eventsPerGroup?: number;
  /** Groups with events but no rows (pods not, or not yet, in view) kept at most. */
  maxEventOnlyGroups?: number;
  /** Deleted pods/containers whose dimmed rows are kept at most, however recent. */
  maxGoneGroups?: number;
  /** Called when a whole list is in (its last page): the dashboard's FramePacer starts afresh. */
  listed?: () => void;
  /** Told after each frame when the next can come at the soonest, epoch ms (sources/next-frame.ts). */
  nextFrameAt?: (epochMs: number) => void;
  /** A due frame waits while watch data read on this thread is still coming (sources/watch-arrivals.ts). */
  holdFrame?: FrameHold;
}

/** How much the store holds (PODLIFE_STATS_FILE reports it). */
export interface StoreSizes {
  rows: number;
  groups: number;
  /** Groups whose every row is gone, kept dimmed for the retention. */
  goneGroups: number;
  eventGroups: number;
  historyRows: number;
}

export type ChangeListener = (changedKeys: ReadonlySet<string>) => void;

/** Rows per state, and gone (†) rows, which count in no state: the object ended, only its record is kept. */
export type StateCounts = Record<ContainerRow['state'], number> & { gone: number };

const scopeOf = (source: SourceKind, context: string) => `${source}/${context}`;

/** Default cap of event groups with no rows (see Store.eventOnly). */
export const MAX_EVENT_ONLY_GROUPS = 1000;

/**
 * Default cap of deleted pods kept as dimmed rows: a drain or a scale-down of hundreds
 * stays on screen for the retention, while a cluster that replaces ten pods a second all
 * day does not grow past it.
 */
export const MAX_GONE_GROUPS = 1000;

export class Store {
  readonly clock: Clock;
  private readonly rows = new Map<string, ContainerRow>();
  private readonly groups = new Map<string, string[]>();
  /** Which sink wrote each row: a replay writes Kubernetes-shaped rows under its own scope. */
  private readonly rowScope = new Map<string, string>();
  private readonly events = new Map<string, LifecycleEvent[]>();
  /**
   * Event groups with no rows, oldest first, with the scope that sent them: the event
   * watch sees pods a selector hides, and events may come before their pod. Capped, and
   * dropped when their scope resyncs (a relist knows every pod in view).
   */
  private readonly eventOnly = new Map<string, string>();
  private readonly maxEventOnlyGroups: number;
  /** Groups whose every row is gone, oldest first, with when they went: pruned by time and count. */
  private readonly goneGroups = new Map<string, number>();
  private readonly maxGoneGroups: number;
  private readonly statuses = new Map<string, ConnectionStatus>();
  private readonly history = new RowHistory();
  private readonly listeners = new Set<ChangeListener>();
  private readonly coalescer: FrameCoalescer;
  private readonly goneRetentionMs: number;
  private readonly eventsPerGroup: number;
  private readonly listed: () => void;
  private pending = new Set<string>();
  /** Rows in display order, kept as rows change: readers take the slice they show. */
  private readonly ordered = new OrderedRows(
    () => this.rows.values(),
    (key) => this.rows.get(key),
  );
  private snapshot: { version: number; rows: ContainerRow[] } | undefined;
  /** Kept up to date as rows come and go, so that a frame never counts 15,000 rows. */
  private readonly counts: StateCounts = { Waiting: 0, Running: 0, Terminated: 0, gone: 0 };
  private readonly contextRows = new Map<string, number>();
  /** The rows the UI drew last (showing()): a stop among them caps the wait for a frame. */
  private onScreen: ReadonlySet<string> = new Set();
  private liveBarOnScreen = false;
  /** A row on screen changed while stopping since the last frame (its bar may have just begun). */
  private stopChangedOnScreen = false;
  /** Per group, a number that changes with any of its rows, their transitions or its events. */
  private readonly groupStamps = new Map<string, number>();
  private lastStamp = 0;
  /** When the first full list was in (store clock): its last page, for a list in pages. */
  firstResyncAt: number | undefined;
  /** When the first rows of a list were in (store clock): the first page of a list in pages. */
  firstPageAt: number | undefined;
  /** Per scope, the keys of the rows the pages of its list under way had so far. */
  private readonly listing = new Map<string, Set<string>>();
  /** Scopes whose connection is down: their rows are marked stale, also those written meanwhile. */
  private readonly staleScopes = new Set<string>();
  /** Bumped on every applied change; readers use it as a cheap snapshot id. */
  version = 0;

  constructor(options: StoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.goneRetentionMs = options.goneRetentionMs ?? 60_000;
    this.eventsPerGroup = options.eventsPerGroup ?? 50;
    this.maxEventOnlyGroups = options.maxEventOnlyGroups ?? MAX_EVENT_ONLY_GROUPS;
    this.maxGoneGroups = options.maxGoneGroups ?? MAX_GONE_GROUPS;
    this.listed = options.listed ?? (() => undefined);
    const liveBarFrameMs = options.liveBarFrameMs ?? Infinity;
    // Only a bar on screen needs frames that often: with stops off screen (a soak, a big
    // cluster's steady trickle of deletes) frames stay spaced for churn.
    const nextFrameAt = options.nextFrameAt;
    this.coalescer = new FrameCoalescer(
      options.frameMs ?? 33,
      () => this.flush(),
      () => (this.liveBarOnScreen || this.stopChangedOnScreen ? liveBarFrameMs : Infinity),
      nextFrameAt && { leastCapMs: liveBarFrameMs, soonestIn: (ms) => nextFrameAt(Date.now() + ms) },
      options.holdFrame,
    );
  }

  /** A sink that writes into this store on behalf of one source and context. */
  sinkFor(source: SourceKind, context: string): SourceSink {
    const scope = scopeOf(source, context);
    return {
      resync: (rows) => this.listPage(scope, rows, { first: true, last: true }),
      listPage: (rows, page) => this.listPage(scope, rows, page),
      upsertGroup: (groupKey, rows) => this.upsertGroup(scope, groupKey, rows),
      removeGroup: (groupKey, at) => this.removeGroup(groupKey, at),
      event: (event) => this.addEvent(scope, event),
      status: (status) => this.setStatus(scope, status),
    };
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** All rows, ordered by context, namespace, group, then the order the pod runs them. */
  allRows(): readonly ContainerRow[] {
    if (this.snapshot?.version === this.version) return this.snapshot.rows;
    // A copy per version: readers memoize on the array's identity.
    const rows = this.ordered.all();
    this.snapshot = { version: this.version, rows };
    return rows;
  }

  /** How many rows allRows() holds, without copying them. */
  rowCount(): number {
    return this.rows.size;
  }

  /** Rows `from` to `to` (exclusive) of allRows(), without copying the others: what a screen shows. */
  rowsBetween(from: number, to: number): readonly ContainerRow[] {
    return this.ordered.slice(from, to);
  }

  /** The row's index in allRows(), or -1, found by its sort fields rather than a scan. */
  indexOfKey(key: string): number {
    return this.ordered.indexOfKey(key);
  }

  /** Rows the readers of the order passed over so far (see OrderedRows.rowsTouched). */
  rowsTouched(): number {
    return this.ordered.rowsTouched;
  }

  /** Rows per state, gone rows not counted. */
  stateCounts(): Readonly<StateCounts> {
    return this.counts;
  }

  /**
   * A number that changes whenever the group's rows, their transitions or its events
   * change: what is worked out from a pod (its warnings, its rows' strips) holds while it does.
   */
  groupStamp(groupKey: string): number {
    return this.groupStamps.get(groupKey) ?? 0;
  }

  /** How much the store holds (the benchmark's stats line reports it). */
  sizes(): StoreSizes {
    return { rows: this.rows.size, groups: this.groups.size, goneGroups: this.goneGroups.size, eventGroups: this.events.size, historyRows: this.history.size };
  }

  /** How many contexts have rows. */
  contextCount(): number {
    return this.contextRows.size;
  }

  row(key: string): ContainerRow | undefined {
    return this.rows.get(key);
  }

  /** The rows of one pod (or Docker container), in the order the pod runs them. */
  groupRows(groupKey: string): ContainerRow[] {
    return (this.groups.get(groupKey) ?? []).flatMap((key) => this.rows.get(key) ?? []).sort((a, b) => a.order - b.order);
  }

  /** The group's events, without those about an earlier pod of the same name (another uid). */
  eventsFor(groupKey: string, container?: string): readonly LifecycleEvent[] {
    const all = this.events.get(groupKey) ?? [];
    const uid = this.groups.get(groupKey)?.map((key) => this.rows.get(key)?.podUid).find(Boolean);
    return all.filter((e) => (!uid || !e.uid || e.uid === uid) && (container === undefined || e.container === undefined || e.container === container));
  }

  transitions(key: string): readonly Transition[] {
    return this.history.of(key, this.rows.get(key));
  }

  statusList(): readonly ConnectionStatus[] {
    return [...this.statuses.values()];
  }

  /** Forgets everything a source pushed (used when switching away from a context). */
  dropScope(source: SourceKind, context: string): void {
    const scope = scopeOf(source, context);
    for (const key of [...this.rows.keys()]) {
      if (this.rowScope.get(key) === scope) this.deleteRow(key);
    }
    this.dropEventOnly(scope);
    this.statuses.delete(scope);
    this.staleScopes.delete(scope);
    this.listing.delete(scope);
    this.changed('*status*');
  }

  /** Drops rows of deleted objects whose retention has passed; also call from a slow timer (a quiet cluster). */
  prune(): void {
    const now = this.clock();
    for (const [groupKey, goneAt] of this.goneGroups) {
      if (now - goneAt <= this.goneRetentionMs) break; // oldest first: the rest are younger
      this.dropGroup(groupKey);
    }
  }

  /** The UI, at each frame: the keys of the rows it shows, and whether one of them has a running grace bar. */
  showing(keys: ReadonlySet<string>, liveBar: boolean): void {
    this.onScreen = keys;
    this.liveBarOnScreen = liveBar;
  }

  /** Delivers pending changes now instead of at the next frame (headless printers, tests). */
  flushNow(): void {
    this.coalescer.flushNow();
  }

  dispose(): void {
    this.coalescer.cancel();
    this.listeners.clear();
  }

  /** A page of a list (a whole list is its only page): its rows at once; what no page had goes after the last. */
  private listPage(scope: string, rows: ContainerRow[], page: { first: boolean; last: boolean }): void {
    this.firstPageAt ??= this.clock();
    let listed = this.listing.get(scope);
    if (page.first || !listed) this.listing.set(scope, (listed = new Set()));
    const byGroup = new Map<string, ContainerRow[]>();
    for (const row of rows) {
      listed.add(row.key);
      const list = byGroup.get(row.groupKey) ?? [];
      list.push(row);
      byGroup.set(row.groupKey, list);
    }
    for (const [groupKey, groupRows] of byGroup) this.upsertGroup(scope, groupKey, groupRows);
    if (!page.last) return;
    this.firstResyncAt ??= this.clock();
    this.listing.delete(scope);
    for (const row of [...this.rows.values()]) {
      if (this.rowScope.get(row.key) === scope && !listed.has(row.key) && row.goneAt === undefined) this.deleteRow(row.key);
    }
    this.dropEventOnly(scope);
    this.listed();
  }

  private dropEventOnly(scope: string): void {
    for (const [groupKey, from] of this.eventOnly) {
      if (from !== scope) continue;
      this.eventOnly.delete(groupKey);
      this.events.delete(groupKey);
      this.groupStamps.delete(groupKey);
    }
  }

  private upsertGroup(scope: string, groupKey: string, rows: ContainerRow[]): void {
    this.forgetPreviousLife(groupKey, rows);
    const keep = new Set(rows.map((r) => r.key));
    for (const key of this.groups.get(groupKey) ?? []) {
      if (!keep.has(key)) this.deleteRow(key);
    }
    const now = this.clock();
    const stale = this.staleScopes.has(scope);
    for (const given of rows) {
      const row = stale ? { ...given, stale } : given;
      const previous = this.rows.get(row.key);
      if (previous && sameRow(previous, row)) continue;
      this.put(row);
      this.rowScope.set(row.key, scope);
      // After a deletion, the next row is a first sighting of a new life.
      this.history.observe(previous, row, now, previous?.goneAt !== undefined && row.goneAt === undefined);
      this.changed(row.key);
    }
    this.groups.set(groupKey, rows.map((r) => r.key));
    this.eventOnly.delete(groupKey);
    this.noteGone(groupKey);
  }

  /**
   * A pod deleted and created again under the same name is a new life: the old one's
   * events and transitions must not be read as this one's (warnings, timeline).
   */
  private forgetPreviousLife(groupKey: string, rows: ContainerRow[]): void {
    const keys = this.groups.get(groupKey);
    if (!keys?.length || rows.some((r) => r.goneAt !== undefined)) return;
    if (!keys.every((key) => this.rows.get(key)?.goneAt !== undefined)) return;
    this.events.delete(groupKey);
    for (const key of keys) this.history.forget(key);
    this.touchGroup(groupKey);
  }

  private removeGroup(groupKey: string, at: number): void {
    for (const key of this.groups.get(groupKey) ?? []) {
      const row = this.rows.get(key);
      if (!row || row.goneAt !== undefined) continue;
      this.put({ ...row, goneAt: at });
      this.changed(key);
    }
    this.noteGone(groupKey);
    // Where pods come and go all day, the retention holds to the moment, not to the timer's 5 s.
    this.prune();
  }

  /** Keeps goneGroups in step with a group's rows: listed while every row is gone. */
  private noteGone(groupKey: string): void {
    const keys = this.groups.get(groupKey);
    const gone = keys !== undefined && keys.length > 0 && keys.every((key) => this.rows.get(key)?.goneAt !== undefined);
    if (!gone) {
      this.goneGroups.delete(groupKey);
      return;
    }
    if (this.goneGroups.has(groupKey)) return;
    this.goneGroups.set(groupKey, Math.max(...keys.map((key) => this.rows.get(key)!.goneAt!)));
    while (this.goneGroups.size > this.maxGoneGroups) {
      const [oldest] = this.goneGroups.keys();
      this.dropGroup(oldest!);
    }
  }

  private dropGroup(groupKey: string): void {
    this.goneGroups.delete(groupKey);
    for (const key of [...(this.groups.get(groupKey) ?? [])]) this.deleteRow(key);
  }

  private addEvent(scope: string, event: LifecycleEvent): void {
    const list = this.events.get(event.groupKey) ?? [];
    const earlier = event.aggregateId === undefined ? -1 : list.findIndex((e) => e.aggregateId === event.aggregateId);
    if (earlier >= 0) list.splice(earlier, 1);
    list.push(event);
    if (list.length > this.eventsPerGroup) list.splice(0, list.length - this.eventsPerGroup);
    this.events.set(event.groupKey, list);
    this.touchGroup(event.groupKey);
    if (!this.groups.has(event.groupKey) && !this.eventOnly.has(event.groupKey)) {
      this.eventOnly.set(event.groupKey, scope);
      if (this.eventOnly.size > this.maxEventOnlyGroups) {
        const [oldest] = this.eventOnly.keys();
        this.eventOnly.delete(oldest!);
        this.events.delete(oldest!);
        this.groupStamps.delete(oldest!);
      }
    }
    this.changed(`event:${event.groupKey}`);
  }

  private setStatus(scope: string, status: ConnectionStatus): void {
    this.statuses.set(scope, status);
    const stale = status.state === 'disconnected' || status.state === 'error';
    // Rows are marked when the connection goes or comes back, not at every status (one a list page).
    if (stale !== this.staleScopes.has(scope)) {
      if (stale) this.staleScopes.add(scope);
      else this.staleScopes.delete(scope);
      for (const row of this.rows.values()) {
        if (this.rowScope.get(row.key) !== scope || Boolean(row.stale) === stale) continue;
        this.put({ ...row, stale });
        this.changed(row.key);
      }
    }
    this.changed('*status*');
  }

  /** Every write of a row goes through here (and every removal through deleteRow). */
  private put(row: ContainerRow): void {
    const previous = this.rows.get(row.key);
    if (previous) this.uncount(previous);
    this.count(row);
    this.rows.set(row.key, row);
    this.touchGroup(row.groupKey);
    if (previous) this.ordered.replace(previous, row);
    else this.ordered.add(row);
  }

  private count(row: ContainerRow, by = 1): void {
    if (row.goneAt === undefined) this.counts[row.state] += by;
    else this.counts.gone += by;
    const n = (this.contextRows.get(row.context) ?? 0) + by;
    if (n > 0) this.contextRows.set(row.context, n);
    else this.contextRows.delete(row.context);
  }

  private uncount(row: ContainerRow): void {
    this.count(row, -1);
  }

  private deleteRow(key: string): void {
    const row = this.rows.get(key);
    if (!row) return;
    this.uncount(row);
    this.rows.delete(key);
    this.rowScope.delete(key);
    this.history.forget(key);
    const siblings = this.groups.get(row.groupKey)?.filter((k) => k !== key);
    this.touchGroup(row.groupKey);
    if (siblings && siblings.length > 0) this.groups.set(row.groupKey, siblings);
    else {
      this.groups.delete(row.groupKey);
      this.goneGroups.delete(row.groupKey);
      this.groupStamps.delete(row.groupKey);
      this.events.delete(row.groupKey);
      this.eventOnly.delete(row.groupKey);
    }
    this.ordered.remove(row);
    this.changed(key);
  }

  private touchGroup(groupKey: string): void {
    this.groupStamps.set(groupKey, ++this.lastStamp);
  }

  private changed(key: string): void {
    this.version++;
    this.pending.add(key);
    if (!this.stopChangedOnScreen && this.onScreen.has(key) && this.rows.get(key)?.termination) this.stopChangedOnScreen = true;
    this.coalescer.request();
  }

  private flush(): void {
    this.stopChangedOnScreen = false;
    if (this.pending.size === 0) return;
    const changed = this.pending;
    this.pending = new Set();
    for (const listener of this.listeners) listener(changed);
  }
}

/** Shallow field comparison; termination/lastState/hooks compared by content. */
function sameRow(a: ContainerRow, b: ContainerRow): boolean {
  return sameFields(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>);
}

/**
 * Structural equality of plain data (no JSON.stringify on the hot path of every update).
 * Loops, not Object.keys and every(): this runs for each container of every change.
 */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i])) return false;
    return true;
  }
  return sameFields(x as Record<string, unknown>, y as Record<string, unknown>);
}

/** The same own fields (plain objects: nothing enumerable is inherited), each the same value. */
function sameFields(x: Record<string, unknown>, y: Record<string, unknown>): boolean {
  let unmatched = 0;
  for (const key in y) {
    unmatched++;
    if (!sameValue(x[key], y[key])) return false;
  }
  for (const key in x) if (--unmatched < 0 || !Object.hasOwn(y, key)) return false;
  return unmatched === 0;
}
