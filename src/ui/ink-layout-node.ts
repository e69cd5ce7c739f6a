// A layout node with the part of yoga-layout's Node that Ink calls: the style setters, the
// tree, and the computed layout it reads back. The layout itself is ink-layout-flex.ts.
// Values keep yoga's numbers (the enums below are yoga's own, checked by
// test/unit/ink-layout.test.ts) so that Ink's code runs on it unchanged.

export const Align = { Auto: 0, FlexStart: 1, Center: 2, FlexEnd: 3, Stretch: 4, Baseline: 5, SpaceBetween: 6, SpaceAround: 7, SpaceEvenly: 8 } as const;
export const Direction = { Inherit: 0, LTR: 1, RTL: 2 } as const;
export const Display = { Flex: 0, None: 1, Contents: 2 } as const;
export const Edge = { Left: 0, Top: 1, Right: 2, Bottom: 3, Start: 4, End: 5, Horizontal: 6, Vertical: 7, All: 8 } as const;
export const FlexDirection = { Column: 0, ColumnReverse: 1, Row: 2, RowReverse: 3 } as const;
export const Gutter = { Column: 0, Row: 1, All: 2 } as const;
export const Justify = { FlexStart: 0, Center: 1, FlexEnd: 2, SpaceBetween: 3, SpaceAround: 4, SpaceEvenly: 5 } as const;
export const MeasureMode = { Undefined: 0, Exactly: 1, AtMost: 2 } as const;
export const PositionType = { Static: 0, Relative: 1, Absolute: 2 } as const;
export const Wrap = { NoWrap: 0, Wrap: 1, WrapReverse: 2 } as const;

export type Mode = (typeof MeasureMode)[keyof typeof MeasureMode];
export type MeasureFunction = (width: number, widthMode: number, height: number, heightMode: number) => { width: number; height: number };

/** A size asked of a node and the size it came to. */
export interface CachedSize {
  width: number;
  height: number;
  widthMode: Mode;
  heightMode: Mode;
  computedWidth: number;
  computedHeight: number;
}

/** A length as yoga keeps one: unset (NaN), points, or a percentage of the owner's size. */
export interface Length {
  value: number;
  percent: boolean;
}

const UNSET: Length = { value: NaN, percent: false };
const points = (value: number | undefined): Length => (value === undefined || Number.isNaN(value) ? UNSET : { value, percent: false });
const percent = (value: number | undefined): Length => (value === undefined || Number.isNaN(value) ? UNSET : { value, percent: true });

/** A length in points against the owner's size (NaN: unset, or a percentage of an unknown size). */
export function resolve(length: Length, ownerSize: number): number {
  return length.percent ? (length.value * ownerSize) / 100 : length.value;
}

/** The edge sets (margin, padding, border) by yoga's edge number; NaN where not set. */
type Edges = Float64Array;
const newEdges = (): Edges => new Float64Array(9).fill(NaN);

// Left-to-right only (Ink lays out LTR): start is left, end is right.
const leftOf = (e: Edges) => pick(e[Edge.Start], e[Edge.Left], e[Edge.Horizontal], e[Edge.All]);
const rightOf = (e: Edges) => pick(e[Edge.End], e[Edge.Right], e[Edge.Horizontal], e[Edge.All]);
const topOf = (e: Edges) => pick(e[Edge.Top], e[Edge.Vertical], e[Edge.All]);
const bottomOf = (e: Edges) => pick(e[Edge.Bottom], e[Edge.Vertical], e[Edge.All]);

function pick(...values: (number | undefined)[]): number {
  for (const value of values) if (value !== undefined && !Number.isNaN(value)) return value;
  return 0;
}

function unsupported(what: string): never {
  throw new Error(`podlife's layout engine does not lay out ${what} (ui/ink-layout-node.ts); Ink's dashboard uses none`);
}

/**
 * Texts whose content changed since the last layout and whose size may not have
 * (LayoutNode.markDirty): the next layout measures them before it starts.
 */
export const textsChanged = new Set<LayoutNode>();

export class LayoutNode {
  flexDirection: number = FlexDirection.Column;
  justifyContent: number = Justify.FlexStart;
  alignItems: number = Align.Stretch;
  alignSelf: number = Align.Auto;
  positionType: number = PositionType.Relative;
  display: number = Display.Flex;
  flexGrow = NaN;
  flexShrink = NaN;
  flexBasis: Length = UNSET;
  width: Length = UNSET;
  height: Length = UNSET;
  minWidth: Length = UNSET;
  minHeight: Length = UNSET;
  maxWidth: Length = UNSET;
  maxHeight: Length = UNSET;
  readonly margin = newEdges();
  readonly padding = newEdges();
  readonly border = newEdges();
  readonly position = newEdges();
  readonly gap = new Float64Array(3).fill(NaN);
  measureFunction: MeasureFunction | undefined;
  /**
   * Told by the text's owner (ink-squash-memo.ts): the measure function's answers follow
   * from the text's natural size and the size asked alone, as a truncated Ink text's do.
   */
  measuresFromNaturalSize = false;
  /** The natural size (measured with no width asked) of the text the current layout holds. */
  naturalWidth = NaN;
  naturalHeight = NaN;

  parent: LayoutNode | undefined;
  readonly children: LayoutNode[] = [];

  /** Results of the last layout pass that placed this node (rounded at the end). */
  left = 0;
  top = 0;
  layoutWidth = NaN;
  layoutHeight = NaN;
  /** The size the last measuring of this node gave (layout passes included). */
  measuredWidth = NaN;
  measuredHeight = NaN;
  /** Flex basis computed for the current layout of the owner. */
  computedFlexBasis = NaN;
  /** Changed since its last layout: its caches no longer answer. */
  dirty = true;
  /** A text changed to one of the same natural size: measured afresh when next visited, its boxes left clean. */
  contentChanged = false;
  /** yoga's caches: the last layout pass, and up to 8 measuring passes, since the node last changed. */
  cachedLayout: CachedSize | undefined;
  readonly cachedMeasurements: CachedSize[] = [];
  nextCachedMeasurement = 0;
  cacheGeneration = -1;

  // The tree. A change marks the node and its ancestors dirty, as yoga does: a layout
  // visits again only dirty nodes and answers for the others from their caches.
  insertChild(child: LayoutNode, index: number): void {
    child.parent?.removeChild(child);
    child.parent = this;
    this.children.splice(index, 0, child);
    this.invalidate();
  }
  removeChild(child: LayoutNode): void {
    const at = this.children.indexOf(child);
    if (at >= 0) this.children.splice(at, 1);
    if (child.parent === this) child.parent = undefined;
    this.invalidate();
  }
  getChildCount(): number {
    return this.children.length;
  }
  free(): void {
    textsChanged.delete(this);
    this.parent?.removeChild(this);
    for (const child of [...this.children]) this.removeChild(child);
  }
  freeRecursive(): void {
    for (const child of [...this.children]) child.freeRecursive();
    this.free();
  }
  setMeasureFunc(measure: MeasureFunction | null): void {
    this.measureFunction = measure ?? undefined;
    this.invalidate();
  }
  unsetMeasureFunc(): void {
    this.measureFunction = undefined;
    this.invalidate();
  }
  /**
   * Ink's word that a text's content changed. yoga dirties the text and every box above it.
   * A text whose answers follow from its natural size waits instead: the next layout
   * measures it, and only a new natural size dirties it and its boxes. Under churn a
   * header's counts and the table's rows change every frame, their sizes almost never.
   */
  markDirty(): void {
    if (this.measuresFromNaturalSize && !this.dirty && !Number.isNaN(this.naturalWidth)) textsChanged.add(this);
    else this.invalidate();
  }
  /** yoga's markDirtyAndPropagate: the flex basis it kept goes too. */
  invalidate(): void {
    for (let node: LayoutNode | undefined = this; node && !node.dirty; node = node.parent) {
      node.dirty = true;
      node.computedFlexBasis = NaN;
    }
  }

  // Style. Setting a value a node already has changes nothing (and dirties nothing).
  private changed(before: number, after: number): boolean {
    if (Object.is(before, after)) return false;
    this.invalidate();
    return true;
  }
  private length(before: Length, after: Length): Length {
    if (Object.is(before.value, after.value) && before.percent === after.percent) return before;
    this.invalidate();
    return after;
  }
  private edge(edges: Edges, edge: number, value: number | undefined): void {
    if (this.changed(edges[edge]!, value ?? NaN)) edges[edge] = value ?? NaN;
  }
  setFlexDirection(value: number): void {
    if (value === FlexDirection.ColumnReverse || value === FlexDirection.RowReverse) unsupported('reversed flex directions');
    if (this.changed(this.flexDirection, value)) this.flexDirection = value;
  }
  setJustifyContent(value: number): void {
    if (this.changed(this.justifyContent, value)) this.justifyContent = value;
  }
  setAlignItems(value: number): void {
    if (value === Align.Baseline) unsupported('baseline alignment');
    if (this.changed(this.alignItems, value)) this.alignItems = value;
  }
  setAlignSelf(value: number): void {
    if (value === Align.Baseline) unsupported('baseline alignment');
    if (this.changed(this.alignSelf, value)) this.alignSelf = value;
  }
  /** Only a single line is laid out, where yoga's align-content has nothing to align. */
  setAlignContent(): void {}
  setFlexWrap(value: number): void {
    if (value !== Wrap.NoWrap) unsupported('wrapping flex lines');
  }
  setPositionType(value: number): void {
    if (value === PositionType.Absolute) unsupported('absolute positions');
    if (this.changed(this.positionType, value)) this.positionType = value;
  }
  setPosition(edge: number, value: number | undefined): void {
    this.edge(this.position, edge, value);
  }
  setPositionPercent(): void {
    unsupported('positions in percent');
  }
  setDisplay(value: number): void {
    if (value === Display.Contents) unsupported('display: contents');
    if (this.changed(this.display, value)) this.display = value;
  }
  getDisplay(): number {
    return this.display;
  }
  setFlexGrow(value: number | undefined): void {
    if (this.changed(this.flexGrow, value ?? NaN)) this.flexGrow = value ?? NaN;
  }
  setFlexShrink(value: number | undefined): void {
    if (this.changed(this.flexShrink, value ?? NaN)) this.flexShrink = value ?? NaN;
  }
  setFlexBasis(value: number | undefined): void {
    this.flexBasis = this.length(this.flexBasis, points(value));
  }
  setFlexBasisPercent(value: number | undefined): void {
    this.flexBasis = this.length(this.flexBasis, percent(value));
  }
  setFlexBasisAuto(): void {
    this.flexBasis = this.length(this.flexBasis, UNSET);
  }
  setWidth(value: number | undefined): void {
    this.width = this.length(this.width, points(value));
  }
  setWidthPercent(value: number | undefined): void {
    this.width = this.length(this.width, percent(value));
  }
  setWidthAuto(): void {
    this.width = this.length(this.width, UNSET);
  }
  setHeight(value: number | undefined): void {
    this.height = this.length(this.height, points(value));
  }
  setHeightPercent(value: number | undefined): void {
    this.height = this.length(this.height, percent(value));
  }
  setHeightAuto(): void {
    this.height = this.length(this.height, UNSET);
  }
  setMinWidth(value: number | undefined): void {
    this.minWidth = this.length(this.minWidth, points(value));
  }
  setMinWidthPercent(value: number | undefined): void {
    this.minWidth = this.length(this.minWidth, percent(value));
  }
  setMinHeight(value: number | undefined): void {
    this.minHeight = this.length(this.minHeight, points(value));
  }
  setMinHeightPercent(value: number | undefined): void {
    this.minHeight = this.length(this.minHeight, percent(value));
  }
  setMaxWidth(value: number | undefined): void {
    this.maxWidth = this.length(this.maxWidth, points(value));
  }
  setMaxWidthPercent(value: number | undefined): void {
    this.maxWidth = this.length(this.maxWidth, percent(value));
  }
  setMaxHeight(value: number | undefined): void {
    this.maxHeight = this.length(this.maxHeight, points(value));
  }
  setMaxHeightPercent(value: number | undefined): void {
    this.maxHeight = this.length(this.maxHeight, percent(value));
  }
  setAspectRatio(value: number | undefined): void {
    if (value !== undefined && !Number.isNaN(value)) unsupported('aspect ratios');
  }
  setMargin(edge: number, value: number | undefined): void {
    this.edge(this.margin, edge, value);
  }
  setPadding(edge: number, value: number | undefined): void {
    this.edge(this.padding, edge, value);
  }
  setBorder(edge: number, value: number | undefined): void {
    this.edge(this.border, edge, value);
  }
  setGap(gutter: number, value: number | undefined): void {
    if (this.changed(this.gap[gutter]!, value ?? NaN)) this.gap[gutter] = value ?? NaN;
  }

  // Resolved edges (left to right).
  marginLeft(): number {
    return leftOf(this.margin);
  }
  marginRight(): number {
    return rightOf(this.margin);
  }
  marginTop(): number {
    return topOf(this.margin);
  }
  marginBottom(): number {
    return bottomOf(this.margin);
  }
  /** Padding plus border on one physical edge (neither may be negative). */
  paddingBorder(edge: number): number {
    return this.getComputedPadding(edge) + this.getComputedBorder(edge);
  }

  // The computed layout Ink reads.
  getComputedLeft(): number {
    return this.left;
  }
  getComputedTop(): number {
    return this.top;
  }
  getComputedWidth(): number {
    return this.layoutWidth;
  }
  getComputedHeight(): number {
    return this.layoutHeight;
  }
  getComputedPadding(edge: number): number {
    return Math.max(0, physical(this.padding, edge));
  }
  getComputedBorder(edge: number): number {
    return Math.max(0, physical(this.border, edge));
  }
  getComputedMargin(edge: number): number {
    return physical(this.margin, edge);
  }
}

function physical(edges: Edges, edge: number): number {
  if (edge === Edge.Left || edge === Edge.Start) return leftOf(edges);
  if (edge === Edge.Right || edge === Edge.End) return rightOf(edges);
  if (edge === Edge.Top) return topOf(edges);
  return bottomOf(edges);
}
