// podlife's layout engine (src/ui/ink-layout*.ts) against yoga-layout itself: the same
// random trees, of the features it lays out, built in both; every box's place and size
// must be yoga's. Text leaves measure as Ink's texts do (wrapped or truncated to the width).
import Yoga, { type Node as YogaNode } from 'yoga-layout';
import { describe, expect, it } from 'vitest';
import Layout, { type InkLayoutNode } from '../../src/ui/ink-layout.js';
import { nodesComputed } from '../../src/ui/ink-layout-flex.js';

type AnyNode = YogaNode | InkLayoutNode;
type Engine = { create: () => AnyNode };

/** A deterministic random source (mulberry32), so that a failure names its seed. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tree as a list of operations, replayed on either engine. */
type Layouts = { first: number[][]; second: number[][]; third: number[][] };
/** naturalSizes: our engine is told which texts measure from their natural size (Ink's truncated ones). */
type Build = ((engine: Engine, naturalSizes?: boolean) => Layouts) & { describe: () => string[]; rootWidth: number };

function randomTree(seed: number): Build {
  const random = randomFrom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const chance = (p: number) => random() < p;
  const one = <T,>(values: readonly T[]) => values[int(values.length)]!;
  type Step = (node: AnyNode) => void;
  interface Spec {
    steps: Step[];
    log: string[];
    text?: { width: number; truncate: boolean };
    children: Spec[];
  }
  const edges = [Yoga.EDGE_LEFT, Yoga.EDGE_TOP, Yoga.EDGE_RIGHT, Yoga.EDGE_BOTTOM, Yoga.EDGE_START, Yoga.EDGE_END, Yoga.EDGE_HORIZONTAL, Yoga.EDGE_VERTICAL, Yoga.EDGE_ALL];
  function spec(depth: number, root: boolean): Spec {
    const steps: Step[] = [];
    const log: string[] = [];
    // The arguments are drawn now, once: both engines replay the same calls.
    const set = (method: string, ...args: unknown[]) => {
      log.push(`${method}(${args.join(',')})`);
      steps.push((n) => (n as unknown as Record<string, (...a: unknown[]) => void>)[method]!(...args));
    };
    const isText = !root && (depth >= 4 || chance(0.4));
    // What Ink sets on every box and text.
    if (!root) {
      set('setFlexGrow', chance(0.2) ? one([1, 2, 0.5]) : 0);
      set('setFlexShrink', chance(0.85) ? 1 : 0);
      set('setFlexDirection', isText || chance(0.5) ? Yoga.FLEX_DIRECTION_ROW : Yoga.FLEX_DIRECTION_COLUMN);
      set('setFlexWrap', Yoga.WRAP_NO_WRAP);
    } else if (chance(0.5)) set('setFlexDirection', one([Yoga.FLEX_DIRECTION_ROW, Yoga.FLEX_DIRECTION_COLUMN]));
    if (chance(0.35)) set('setWidth', int(70));
    if (chance(0.1)) set('setWidthPercent', one([25, 50, 100]));
    if (chance(0.3)) set('setHeight', int(30));
    if (chance(0.05)) set('setHeightPercent', one([50, 100]));
    if (chance(0.08)) set('setMinWidth', int(40));
    if (chance(0.08)) set('setMaxWidth', int(60));
    if (chance(0.08)) set('setMinHeight', int(20));
    if (chance(0.08)) set('setMaxHeight', int(20));
    if (chance(0.05)) set('setFlexBasis', int(30));
    for (let i = 0; i < 2; i++) {
      if (chance(0.2)) set('setPadding', one(edges), int(3));
      if (chance(0.15)) set('setMargin', one(edges), int(3));
    }
    if (chance(0.15)) {
      const widths = [Yoga.EDGE_TOP, Yoga.EDGE_BOTTOM, Yoga.EDGE_LEFT, Yoga.EDGE_RIGHT].map((edge) => [edge, chance(0.9) ? 1 : 0] as const);
      steps.push((n) => widths.forEach(([edge, width]) => n.setBorder(edge, width)));
    }
    if (chance(0.25)) set('setJustifyContent', one([Yoga.JUSTIFY_FLEX_START, Yoga.JUSTIFY_CENTER, Yoga.JUSTIFY_FLEX_END, Yoga.JUSTIFY_SPACE_BETWEEN, Yoga.JUSTIFY_SPACE_AROUND, Yoga.JUSTIFY_SPACE_EVENLY]));
    if (chance(0.25)) set('setAlignItems', one([Yoga.ALIGN_STRETCH, Yoga.ALIGN_FLEX_START, Yoga.ALIGN_CENTER, Yoga.ALIGN_FLEX_END]));
    if (chance(0.15)) set('setAlignSelf', one([Yoga.ALIGN_AUTO, Yoga.ALIGN_STRETCH, Yoga.ALIGN_FLEX_START, Yoga.ALIGN_CENTER, Yoga.ALIGN_FLEX_END]));
    if (chance(0.1)) set('setGap', one([Yoga.GUTTER_ALL, Yoga.GUTTER_ROW, Yoga.GUTTER_COLUMN]), int(3));
    if (!root && chance(0.06)) set('setDisplay', Yoga.DISPLAY_NONE);
    if (isText) return { steps, log, text: { width: int(90), truncate: chance(0.5) }, children: [] };
    const children = Array.from({ length: depth >= 3 ? int(3) : int(5) }, () => spec(depth + 1, false));
    return { steps, log, children };
  }
  const tree = spec(0, true);
  const rootWidth = 20 + int(180);
  // Then what a frame changes: texts (marked dirty, as Ink does), styles (some set to the
  // value they had), a node's children, the root's width.
  const count = describeCount(tree);
  const changes: { at: number; textOnly?: boolean; change: (node: AnyNode, texts: number[]) => void }[] = [];
  for (let i = 0, n = 1 + int(4); i < n; i++) {
    const at = int(count);
    const kind = int(6);
    const value = int(40);
    const edge = one(edges);
    if (kind === 0) changes.push({ at, textOnly: true, change: (node, texts) => { texts[at] = value * 2; node.markDirty(); } });
    else if (kind === 1) changes.push({ at, change: (node) => node.setWidth(value) });
    else if (kind === 2) changes.push({ at, change: (node) => node.setPadding(edge, value % 3) });
    else if (kind === 3) changes.push({ at, change: (node) => node.setFlexGrow(value % 2) });
    else if (kind === 4) changes.push({ at, change: (node) => node.setHeight(value % 20) });
    else changes.push({ at: 0, change: (node) => node.setWidth(20 + value * 4) });
  }
  // Then a frame where only texts change, as under churn: often to one of the same size.
  const textChanges = Array.from({ length: 1 + int(3) }, () => ({ at: int(count), value: int(90) }));
  const describeTree = (s: Spec = tree, depth = 0): string[] => [`${'  '.repeat(depth)}${s.text ? `text ${s.text.width}${s.text.truncate ? ' truncate' : ''} ` : ''}${s.log.join(' ')}`, ...s.children.flatMap((c) => describeTree(c, depth + 1))];
  return Object.assign((engine: Engine, naturalSizes = true) => {
    const all: AnyNode[] = [];
    const texts: number[] = [];
    const make = (s: Spec): AnyNode => {
      const node = engine.create();
      const at = all.push(node) - 1;
      for (const step of s.steps) step(node);
      if (s.text) {
        texts[at] = s.text.width;
        node.setMeasureFunc(textMeasure(() => texts[at]!, s.text.truncate));
        // What podlife's Ink tells the engine of a truncated text (ui/ink-squash-memo.ts).
        if (naturalSizes && s.text.truncate && 'measuresFromNaturalSize' in node) node.measuresFromNaturalSize = true;
      }
      s.children.forEach((c, i) => (node.insertChild as (child: AnyNode, index: number) => void)(make(c), i));
      return node;
    };
    const root = make(tree);
    root.setWidth(rootWidth);
    root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
    const first = all.map(boxOf);
    for (const { at, textOnly, change } of changes) if (!textOnly || texts[at] !== undefined) change(all[at]!, texts);
    root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
    const second = all.map(boxOf);
    for (const { at, value } of textChanges) {
      if (texts[at] === undefined) continue;
      texts[at] = value;
      all[at]!.markDirty();
    }
    root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
    return { first, second, third: all.map(boxOf) };
  }, { describe: () => describeTree(), rootWidth });
}

function describeCount(spec: { children: { children: unknown[] }[] }): number {
  return 1 + spec.children.reduce((n, c) => n + describeCount(c as typeof spec), 0);
}

/** Ink's text measure: the natural size if it fits or the width is free, else wrapped or truncated. */
function textMeasure(natural: () => number, truncate: boolean) {
  const measure = (width: number, widthMode: number) => {
    const naturalWidth = natural();
    if (widthMode === Yoga.MEASURE_MODE_UNDEFINED || naturalWidth <= width) return { width: naturalWidth, height: 1 };
    const cells = Math.max(1, Math.floor(width));
    if (truncate) return { width, height: 1 };
    return { width: Math.min(cells, naturalWidth), height: Math.ceil(naturalWidth / cells) };
  };
  return measure;
}

const boxOf = (n: AnyNode): number[] => [n.getComputedLeft(), n.getComputedTop(), n.getComputedWidth(), n.getComputedHeight()];

describe('podlife layout engine', () => {
  it("uses yoga's numbers for every constant Ink reads", () => {
    for (const [name, value] of Object.entries(Layout)) if (name !== 'Node') expect([name, value]).toEqual([name, (Yoga as unknown as Record<string, number>)[name]]);
  });

  // LAYOUT_SEED=n runs tree n alone (a failure names its seed and prints both layouts).
  // The third layout, after a frame that changed only texts, is compared with the engine's
  // own without its shortcut for texts of an unchanged natural size (LayoutNode.markDirty).
  it('lays out 3,000 random trees exactly as yoga does, and again after changes', () => {
    let nodes = 0;
    let degenerate = 0;
    for (let seed = Number(process.env.LAYOUT_SEED ?? 1); seed <= Number(process.env.LAYOUT_SEED ?? 3000); seed++) {
      const build = randomTree(seed);
      const theirs = build({ create: () => Yoga.Node.create() });
      // A shrink whose factors cancel out leaves yoga dividing by float residue: sizes
      // of millions of cells, which no terminal shows and no two float roundings share.
      if ([...theirs.first, ...theirs.second, ...theirs.third].flat().some((value) => Math.abs(value) > 10_000)) {
        degenerate++;
        continue;
      }
      const ours = build(Layout.Node);
      const oursInFull = build(Layout.Node, false);
      nodes += ours.first.length;
      for (const which of ['first', 'second', 'third'] as const) {
        const expected = which === 'third' ? oursInFull.third : theirs[which];
        if (JSON.stringify(ours[which]) === JSON.stringify(expected)) continue;
        const [a, b] = [expected, ours[which]];
        const lines = build.describe().map((line, i) => `${JSON.stringify(a[i]) === JSON.stringify(b[i]) ? '  ' : '!!'} ${line}   yoga ${a[i]} ours ${b[i]}`);
        expect.fail(`seed ${seed}: the ${which} layouts differ (left, top, width, height; ${which === 'third' ? 'ours in full, ours' : 'yoga, ours'}), root width ${build.rootWidth}\n${lines.join('\n')}`);
      }
    }
    expect(nodes).toBeGreaterThan(10_000);
    expect(degenerate).toBeLessThan(40);
  });

  // Under churn a row's or the header's text changes every frame, its size almost never.
  it('lays nothing out again when a truncated text changed and not its natural size', () => {
    const texts = [50, 10];
    const root = Layout.Node.create();
    root.setWidth(40);
    const leaves = texts.map((_, i) => {
      const row = Layout.Node.create();
      row.setFlexDirection(Layout.FLEX_DIRECTION_ROW);
      const text = Layout.Node.create();
      text.setMeasureFunc(textMeasure(() => texts[i]!, true));
      text.measuresFromNaturalSize = true;
      row.insertChild(text, 0);
      root.insertChild(row, i);
      return text;
    });
    root.calculateLayout();
    const before = nodesComputed();
    leaves[0]!.markDirty(); // new content, the same 50 cells
    root.calculateLayout();
    expect(nodesComputed()).toBe(before);
    texts[1] = 20; // a new natural size: the text and its boxes are laid out again
    leaves[1]!.markDirty();
    root.calculateLayout();
    expect(nodesComputed()).toBeGreaterThan(before);
    expect([leaves[0]!.getComputedWidth(), leaves[1]!.getComputedWidth()]).toEqual([40, 20]);
  });

  it('refuses what it does not lay out, by name', () => {
    const node = Layout.Node.create();
    expect(() => node.setFlexWrap(Layout.WRAP_WRAP)).toThrow(/wrapping flex lines/);
    expect(() => node.setPositionType(Layout.POSITION_TYPE_ABSOLUTE)).toThrow(/absolute positions/);
    expect(() => node.setFlexDirection(Layout.FLEX_DIRECTION_ROW_REVERSE)).toThrow(/reversed/);
  });
});
