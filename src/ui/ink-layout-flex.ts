// Flexbox layout as yoga-layout does it, for the single-line, left-to-right trees Ink
// builds (see ink-layout.ts for why podlife does not load yoga). The steps and their
// names follow yoga's own CalculateLayout.cpp (3.x) so that each can be checked against
// it: flex bases, one flex line, flexible lengths in two passes, main-axis justification,
// cross-axis alignment with a stretch pass, final sizes, then the rounding to whole cells.
// The small rules those steps are made of are in ink-layout-rules.ts.
// test/unit/ink-layout.test.ts lays random trees out with both and compares every box.
import { cachedAnswer, keepAnswer } from './ink-layout-cache.js';
import { Align, Display, Justify, MeasureMode, resolve, textsChanged, type LayoutNode, type Mode } from './ink-layout-node.js';
import { f32, isSet, maxOrDefined, nearlyEqual, settled } from './ink-layout-numbers.js';
import { roundToCells } from './ink-layout-rounding.js';
import { dimension, definite, marginFor, leadingMargin, paddingBorderFor, leadingPaddingBorder, trailingPaddingBorder, measuredSize, sizeWithMargin, flexGrowOf, flexShrinkOf, isFlexible, alignmentOf, gapFor, relativeOffset, boundWithinMinAndMax, boundAxis, constrainMaxSizeForMode, availableInnerSize } from './ink-layout-rules.js';

const UNDEFINED: Mode = MeasureMode.Undefined;
const EXACTLY: Mode = MeasureMode.Exactly;
const AT_MOST: Mode = MeasureMode.AtMost;

/** Each calculateLayout starts a generation: measurements cached in an older one are stale. */
let generation = 0;

/** Layouts made since the start (the tests read it: Ink lays out with this engine). */
export function layoutsMade(): number {
  return generation;
}

let computed = 0;
/** Nodes laid out or measured since the start, not answered from a cache: the layouts' work. */
export function nodesComputed(): number {
  return computed;
}

export function calculateLayout(root: LayoutNode, ownerWidth = NaN, ownerHeight = NaN): void {
  // A changed text of the same natural size answers every size asked as before: its
  // boxes keep their layout (LayoutNode.markDirty).
  for (const text of textsChanged) {
    if (text.dirty) continue;
    if (!sameNaturalSize(text)) {
      text.invalidate();
      continue;
    }
    // As yoga would for the text alone: its caches go, and the flex bases kept on its path.
    text.contentChanged = true;
    for (let node: LayoutNode | undefined = text; node; node = node.parent) node.computedFlexBasis = NaN;
  }
  textsChanged.clear();
  generation++;
  const [width, widthMode] = rootSize(root, true, ownerWidth);
  const [height, heightMode] = rootSize(root, false, ownerHeight);
  // As yoga: a root answered from its cache is neither placed nor rounded again (its size
  // is then the one measured, before rounding).
  if (!layoutNode(root, width, height, widthMode, heightMode, ownerWidth, ownerHeight, true)) return;
  root.left = root.marginLeft() + relativeOffset(root, true);
  root.top = root.marginTop() + relativeOffset(root, false);
  roundToCells(root, 0, 0);
}

function rootSize(root: LayoutNode, row: boolean, ownerSize: number): [number, Mode] {
  if (definite(root, row, ownerSize)) return [resolve(dimension(root, row), ownerSize) + marginFor(root, row), EXACTLY];
  const max = resolve(row ? root.maxWidth : root.maxHeight, ownerSize);
  if (!Number.isNaN(max)) return [max, AT_MOST];
  return [ownerSize, Number.isNaN(ownerSize) ? UNDEFINED : EXACTLY];
}

// --- The layout of one node ---

/**
 * Sizes a node for the space offered (which includes its margins) and, when performLayout,
 * places its children. Answers from the node's caches as yoga's calculateLayoutInternal
 * does, rules included: a text asked for exactly the width an earlier measuring gave it
 * keeps that measuring's height. Caches outlive a layout while the node does not change:
 * under churn a frame lays out again only the path to the texts that changed.
 */
function layoutNode(node: LayoutNode, width: number, height: number, widthMode: Mode, heightMode: Mode, ownerWidth: number, ownerHeight: number, performLayout: boolean): boolean {
  width = f32(width);
  height = f32(height);
  // A node changed since its last layout is computed afresh on its first visit of this layout.
  const mustVisit = (node.dirty || node.contentChanged) && node.cacheGeneration !== generation;
  node.cacheGeneration = generation;
  if (mustVisit) {
    node.cachedLayout = undefined;
    node.cachedMeasurements.length = 0;
    node.nextCachedMeasurement = 0;
    if (node.measureFunction) [node.naturalWidth, node.naturalHeight] = naturalSize(node);
  }
  const cached = cachedAnswer(node, width, height, widthMode, heightMode, performLayout);
  if (cached && !mustVisit) {
    node.measuredWidth = cached.computedWidth;
    node.measuredHeight = cached.computedHeight;
  } else {
    layoutImpl(node, width, height, widthMode, heightMode, ownerWidth, ownerHeight, performLayout);
    if (!cached) keepAnswer(node, { width, height, widthMode, heightMode, computedWidth: node.measuredWidth, computedHeight: node.measuredHeight }, performLayout);
  }
  if (performLayout) {
    node.layoutWidth = node.measuredWidth;
    node.layoutHeight = node.measuredHeight;
    node.dirty = false;
    node.contentChanged = false;
  }
  return mustVisit || !cached;
}

function layoutImpl(node: LayoutNode, availableWidth: number, availableHeight: number, widthMode: Mode, heightMode: Mode, ownerWidth: number, ownerHeight: number, performLayout: boolean): void {
  computed++;
  const width = availableWidth - marginFor(node, true);
  const height = availableHeight - marginFor(node, false);
  if (node.measureFunction) return measureLeaf(node, width, height, widthMode, heightMode, ownerWidth, ownerHeight);
  if (node.children.length === 0) {
    node.measuredWidth = boundAxis(node, true, widthMode === EXACTLY ? width : paddingBorderFor(node, true), ownerWidth);
    node.measuredHeight = boundAxis(node, false, heightMode === EXACTLY ? height : paddingBorderFor(node, false), ownerHeight);
    return;
  }
  if (!performLayout && sizedWithoutChildren(node, width, height, widthMode, heightMode, ownerWidth, ownerHeight)) return;
  layoutChildren(node, availableWidth, availableHeight, widthMode, heightMode, ownerWidth, ownerHeight, performLayout);
}

/** A node Ink measures (a text): its measure function, unless both sizes are given. */
function measureLeaf(node: LayoutNode, width: number, height: number, widthMode: Mode, heightMode: Mode, ownerWidth: number, ownerHeight: number): void {
  if (widthMode === UNDEFINED) width = NaN;
  if (heightMode === UNDEFINED) height = NaN;
  const paddingRow = paddingBorderFor(node, true);
  const paddingColumn = paddingBorderFor(node, false);
  if (widthMode === EXACTLY && heightMode === EXACTLY) {
    node.measuredWidth = boundAxis(node, true, width, ownerWidth);
    node.measuredHeight = boundAxis(node, false, height, ownerHeight);
    return;
  }
  const innerWidth = isSet(width) ? f32(Math.max(0, width - paddingRow)) : width;
  const innerHeight = isSet(height) ? f32(Math.max(0, height - paddingColumn)) : height;
  const measured = node.measureFunction!(innerWidth, widthMode, innerHeight, heightMode);
  const measuredWidth = f32(maxOrDefined(0, measured.width));
  const measuredHeight = f32(maxOrDefined(0, measured.height));
  node.measuredWidth = boundAxis(node, true, widthMode === EXACTLY ? width : measuredWidth + paddingRow, ownerWidth);
  node.measuredHeight = boundAxis(node, false, heightMode === EXACTLY ? height : measuredHeight + paddingColumn, ownerHeight);
}

/** A text's size with no width or height asked. */
function naturalSize(node: LayoutNode): [number, number] {
  const natural = node.measureFunction!(NaN, UNDEFINED, NaN, UNDEFINED);
  return [f32(maxOrDefined(0, natural.width)), f32(maxOrDefined(0, natural.height))];
}

/** Whether a changed text's answers are still those its layout holds (its owner says whether they follow from its natural size). */
function sameNaturalSize(text: LayoutNode): boolean {
  const [width, height] = naturalSize(text);
  return text.measuresFromNaturalSize && width === text.naturalWidth && height === text.naturalHeight;
}

/** yoga's shortcut for a measuring pass whose answer does not depend on the children. */
function sizedWithoutChildren(node: LayoutNode, width: number, height: number, widthMode: Mode, heightMode: Mode, ownerWidth: number, ownerHeight: number): boolean {
  const noWidth = isSet(width) && widthMode === AT_MOST && width <= 0;
  const noHeight = isSet(height) && heightMode === AT_MOST && height <= 0;
  if (!noWidth && !noHeight && !(widthMode === EXACTLY && heightMode === EXACTLY)) return false;
  node.measuredWidth = boundAxis(node, true, !isSet(width) || (widthMode === AT_MOST && width < 0) ? 0 : width, ownerWidth);
  node.measuredHeight = boundAxis(node, false, !isSet(height) || (heightMode === AT_MOST && height < 0) ? 0 : height, ownerHeight);
  return true;
}

function layoutChildren(node: LayoutNode, availableWidth: number, availableHeight: number, widthMode: Mode, heightMode: Mode, ownerWidth: number, ownerHeight: number, performLayout: boolean): void {
  const mainRow = node.flexDirection === 2; // FlexDirection.Row (reversed directions are refused)
  const mainMode = mainRow ? widthMode : heightMode;
  const crossMode = mainRow ? heightMode : widthMode;
  const paddingBorderMain = paddingBorderFor(node, mainRow);
  const paddingBorderCross = paddingBorderFor(node, !mainRow);
  const mainOwnerSize = mainRow ? ownerWidth : ownerHeight;
  const crossOwnerSize = mainRow ? ownerHeight : ownerWidth;

  // STEP 2: the space inside the padding and border.
  const innerWidth = availableInnerSize(node, true, availableWidth - marginFor(node, true), paddingBorderFor(node, true), ownerWidth);
  const innerHeight = availableInnerSize(node, false, availableHeight - marginFor(node, false), paddingBorderFor(node, false), ownerHeight);
  let innerMain = mainRow ? innerWidth : innerHeight;
  const innerCross = mainRow ? innerHeight : innerWidth;

  // STEP 3: each child's flex basis.
  computeFlexBases(node, mainRow, innerWidth, innerHeight, widthMode, heightMode, performLayout);

  // STEP 4: the one flex line (no wrapping).
  const items = node.children.filter((child) => child.display !== Display.None);
  const gapMain = gapFor(node, mainRow);
  let sizeConsumed = 0;
  let totalGrow = 0;
  let totalShrinkScaled = 0;
  items.forEach((child, i) => {
    sizeConsumed = f32(sizeConsumed + boundWithinMinAndMax(child, mainRow, child.computedFlexBasis, mainOwnerSize) + marginFor(child, mainRow) + (i === 0 ? 0 : gapMain));
    if (isFlexible(child)) {
      totalGrow = f32(totalGrow + flexGrowOf(child));
      totalShrinkScaled = f32(totalShrinkScaled - flexShrinkOf(child) * child.computedFlexBasis);
    }
  });
  if (totalGrow > 0 && totalGrow < 1) totalGrow = 1;
  if (totalShrinkScaled > 0 && totalShrinkScaled < 1) totalShrinkScaled = 1;

  // STEP 5: flexible lengths.
  const canSkipFlex = !performLayout && crossMode === EXACTLY;
  let sizeBasedOnContent = false;
  if (mainMode !== EXACTLY) {
    const minInnerMain = resolve(mainRow ? node.minWidth : node.minHeight, mainOwnerSize) - paddingBorderMain;
    const maxInnerMain = resolve(mainRow ? node.maxWidth : node.maxHeight, mainOwnerSize) - paddingBorderMain;
    if (isSet(minInnerMain) && sizeConsumed < minInnerMain) innerMain = minInnerMain;
    else if (isSet(maxInnerMain) && sizeConsumed > maxInnerMain) innerMain = maxInnerMain;
    else {
      if (totalGrow === 0 || flexGrowOf(node) === 0) innerMain = sizeConsumed;
      sizeBasedOnContent = true;
    }
  }
  let remaining = 0;
  if (!sizeBasedOnContent && isSet(innerMain)) remaining = f32(innerMain - sizeConsumed);
  else if (sizeConsumed < 0) remaining = -sizeConsumed;
  if (!canSkipFlex) {
    const line: FlexLine = { items, remaining, totalGrow, totalShrinkScaled };
    remaining = f32(remaining - resolveFlexibleLengths(node, line, mainRow, mainOwnerSize, innerMain, innerCross, innerWidth, innerHeight, crossMode, performLayout));
  }

  // STEP 6: main-axis justification, and the line's cross size.
  if (mainMode === AT_MOST && remaining > 0) {
    const minMain = resolve(mainRow ? node.minWidth : node.minHeight, mainOwnerSize);
    remaining = isSet(minMain) ? f32(maxOrDefined(0, minMain - paddingBorderMain - (innerMain - remaining))) : 0;
  }
  const justify = remaining >= 0 ? node.justifyContent : fallbackJustify(node.justifyContent);
  let leading = 0;
  let between = gapMain;
  const n = items.length;
  if (justify === Justify.Center) leading = f32(remaining / 2);
  else if (justify === Justify.FlexEnd) leading = remaining;
  else if (justify === Justify.SpaceBetween) between = f32(between + (n > 1 ? f32(maxOrDefined(remaining, 0) / (n - 1)) : 0));
  else if (justify === Justify.SpaceEvenly) {
    leading = f32(remaining / (n + 1));
    between = f32(between + leading);
  } else if (justify === Justify.SpaceAround) {
    leading = f32((0.5 * remaining) / n);
    between = f32(between + leading * 2);
  }
  let mainDim = f32(leadingPaddingBorder(node, mainRow) + leading);
  let crossDim = 0;
  items.forEach((child, i) => {
    if (performLayout) {
      if (mainRow) child.left = f32(child.left + mainDim);
      else child.top = f32(child.top + mainDim);
    }
    if (i < n - 1) mainDim = f32(mainDim + between);
    if (canSkipFlex) {
      mainDim = f32(mainDim + f32(marginFor(child, mainRow) + child.computedFlexBasis));
      crossDim = innerCross;
    } else {
      mainDim = f32(mainDim + f32(sizeWithMargin(child, mainRow)));
      crossDim = maxOrDefined(crossDim, f32(sizeWithMargin(child, !mainRow)));
    }
  });
  mainDim = f32(mainDim + trailingPaddingBorder(node, mainRow));

  let containerCross = innerCross;
  if (crossMode !== EXACTLY) containerCross = f32(boundAxis(node, !mainRow, crossDim + paddingBorderCross, crossOwnerSize) - paddingBorderCross);
  if (crossMode === EXACTLY) crossDim = innerCross;
  crossDim = f32(boundAxis(node, !mainRow, crossDim + paddingBorderCross, crossOwnerSize) - paddingBorderCross);

  // STEP 7: cross-axis alignment (a stretched child is laid out again at the line's size).
  if (performLayout) {
    for (const child of items) {
      let leadingCross = leadingPaddingBorder(node, !mainRow);
      const align = alignmentOf(node, child);
      if (align === Align.Stretch) {
        if (!definite(child, !mainRow, innerCross)) {
          const [, childMain] = constrainMaxSizeForMode(child, mainRow, innerMain, EXACTLY, measuredSize(child, mainRow) + marginFor(child, mainRow));
          const [, childCross] = constrainMaxSizeForMode(child, !mainRow, innerCross, EXACTLY, crossDim);
          const childWidth = mainRow ? childMain : childCross;
          const childHeight = mainRow ? childCross : childMain;
          layoutNode(child, childWidth, childHeight, isSet(childWidth) ? EXACTLY : UNDEFINED, isSet(childHeight) ? EXACTLY : UNDEFINED, innerWidth, innerHeight, true);
        }
      } else {
        const remainingCross = f32(containerCross - f32(sizeWithMargin(child, !mainRow)));
        if (align === Align.Center) leadingCross = f32(leadingCross + f32(remainingCross / 2));
        else if (align !== Align.FlexStart) leadingCross = f32(leadingCross + remainingCross);
      }
      if (mainRow) child.top = f32(child.top + leadingCross);
      else child.left = f32(child.left + leadingCross);
    }
  }

  // STEP 9: the node's own size: what was offered, or what the children take.
  node.measuredWidth = boundAxis(node, true, availableWidth - marginFor(node, true), ownerWidth);
  node.measuredHeight = boundAxis(node, false, availableHeight - marginFor(node, false), ownerHeight);
  if (mainMode !== EXACTLY) setMeasured(node, mainRow, boundAxis(node, mainRow, mainDim, mainOwnerSize));
  if (crossMode !== EXACTLY) setMeasured(node, !mainRow, boundAxis(node, !mainRow, crossDim + paddingBorderCross, crossOwnerSize));
}

function setMeasured(node: LayoutNode, row: boolean, value: number): void {
  if (row) node.measuredWidth = value;
  else node.measuredHeight = value;
}

/** Space-between, -around and -evenly with too little room align to the start. */
function fallbackJustify(justify: number): number {
  return justify === Justify.SpaceBetween || justify === Justify.SpaceAround || justify === Justify.SpaceEvenly ? Justify.FlexStart : justify;
}

function computeFlexBases(node: LayoutNode, mainRow: boolean, innerWidth: number, innerHeight: number, widthMode: Mode, heightMode: Mode, performLayout: boolean): void {
  // With an exact main size and one child that both grows and shrinks, its basis is 0:
  // it takes the whole space whatever its content.
  let single: LayoutNode | undefined;
  if ((mainRow ? widthMode : heightMode) === EXACTLY) {
    for (const child of node.children) {
      if (!isFlexible(child)) continue;
      if (single || nearlyEqual(flexGrowOf(child), 0) || nearlyEqual(flexShrinkOf(child), 0)) {
        single = undefined;
        break;
      }
      single = child;
    }
  }
  for (const child of node.children) {
    if (child.display === Display.None) {
      zeroOut(child);
      continue;
    }
    if (performLayout) {
      child.left = leadingMargin(child, true) + relativeOffset(child, true);
      child.top = leadingMargin(child, false) + relativeOffset(child, false);
    }
    if (child === single) child.computedFlexBasis = 0;
    else computeFlexBasis(node, child, mainRow, innerWidth, widthMode, innerHeight, heightMode);
  }
}

function computeFlexBasis(node: LayoutNode, child: LayoutNode, mainRow: boolean, width: number, widthMode: Mode, height: number, heightMode: Mode): void {
  const mainSize = mainRow ? width : height;
  const basis = resolve(child.flexBasis, mainSize);
  const rowDefined = definite(child, true, width);
  const columnDefined = definite(child, false, height);
  if (isSet(basis) && isSet(mainSize)) {
    // yoga keeps the first basis it computed for a node until the node changes, even one
    // a measuring pass made by another rule below.
    if (!isSet(child.computedFlexBasis)) child.computedFlexBasis = f32(maxOrDefined(basis, paddingBorderFor(child, mainRow)));
    return;
  }
  if (mainRow && rowDefined) {
    child.computedFlexBasis = f32(maxOrDefined(resolve(dimension(child, true), width), paddingBorderFor(child, true)));
    return;
  }
  if (!mainRow && columnDefined) {
    child.computedFlexBasis = f32(maxOrDefined(resolve(dimension(child, false), height), paddingBorderFor(child, false)));
    return;
  }
  // Measured: its content's size, within what the owner offers.
  let childWidth = NaN;
  let childHeight = NaN;
  let childWidthMode: Mode = UNDEFINED;
  let childHeightMode: Mode = UNDEFINED;
  if (rowDefined) {
    childWidth = resolve(dimension(child, true), width) + marginFor(child, true);
    childWidthMode = EXACTLY;
  }
  if (columnDefined) {
    childHeight = resolve(dimension(child, false), height) + marginFor(child, false);
    childHeightMode = EXACTLY;
  }
  if (!isSet(childWidth) && isSet(width)) {
    childWidth = width;
    childWidthMode = AT_MOST;
  }
  if (!isSet(childHeight) && isSet(height)) {
    childHeight = height;
    childHeightMode = AT_MOST;
  }
  const stretched = alignmentOf(node, child) === Align.Stretch;
  if (!mainRow && !rowDefined && isSet(width) && widthMode === EXACTLY && stretched && childWidthMode !== EXACTLY) {
    childWidth = width;
    childWidthMode = EXACTLY;
  }
  if (mainRow && !columnDefined && isSet(height) && heightMode === EXACTLY && stretched && childHeightMode !== EXACTLY) {
    childHeight = height;
    childHeightMode = EXACTLY;
  }
  [childWidthMode, childWidth] = constrainMaxSizeForMode(child, true, width, childWidthMode, childWidth);
  [childHeightMode, childHeight] = constrainMaxSizeForMode(child, false, height, childHeightMode, childHeight);
  layoutNode(child, childWidth, childHeight, childWidthMode, childHeightMode, width, height, false);
  child.computedFlexBasis = f32(maxOrDefined(measuredSize(child, mainRow), paddingBorderFor(child, mainRow)));
}

interface FlexLine {
  items: LayoutNode[];
  remaining: number;
  totalGrow: number;
  totalShrinkScaled: number;
}

/** Grows or shrinks the items into the space left, and lays each out at its size: the space they took. */
function resolveFlexibleLengths(node: LayoutNode, line: FlexLine, mainRow: boolean, mainOwnerSize: number, innerMain: number, innerCross: number, innerWidth: number, innerHeight: number, crossMode: Mode, performLayout: boolean): number {
  const original = line.remaining;
  distributeFirstPass(line, mainRow, mainOwnerSize, innerMain);
  const distributed = distributeSecondPass(node, line, mainRow, mainOwnerSize, innerMain, innerCross, innerWidth, innerHeight, crossMode, performLayout);
  line.remaining = original - distributed;
  return distributed;
}

/** Items whose min or max stops them leave the shared space and factors (yoga's first pass). */
function distributeFirstPass(line: FlexLine, mainRow: boolean, mainOwnerSize: number, innerMain: number): void {
  let delta = 0;
  for (const child of line.items) {
    const basis = boundWithinMinAndMax(child, mainRow, child.computedFlexBasis, mainOwnerSize);
    if (line.remaining < 0) {
      const factor = f32(-flexShrinkOf(child) * basis);
      if (isSet(factor) && factor !== 0) {
        const base = f32(basis + f32(f32(line.remaining / line.totalShrinkScaled) * factor));
        const bound = boundAxis(child, mainRow, base, innerMain);
        if (isSet(base) && isSet(bound) && base !== bound) {
          delta = f32(delta + bound - basis);
          line.totalShrinkScaled = settled(f32(line.totalShrinkScaled + flexShrinkOf(child) * child.computedFlexBasis));
        }
      }
    } else if (isSet(line.remaining) && line.remaining > 0) {
      const factor = flexGrowOf(child);
      if (isSet(factor) && factor !== 0) {
        const base = f32(basis + f32(f32(line.remaining / line.totalGrow) * factor));
        const bound = boundAxis(child, mainRow, base, innerMain);
        if (isSet(base) && isSet(bound) && base !== bound) {
          delta = f32(delta + bound - basis);
          line.totalGrow = settled(f32(line.totalGrow - factor));
        }
      }
    }
  }
  line.remaining = f32(line.remaining - delta);
}

function distributeSecondPass(node: LayoutNode, line: FlexLine, mainRow: boolean, mainOwnerSize: number, innerMain: number, innerCross: number, innerWidth: number, innerHeight: number, crossMode: Mode, performLayout: boolean): number {
  let delta = 0;
  for (const child of line.items) {
    const basis = boundWithinMinAndMax(child, mainRow, child.computedFlexBasis, mainOwnerSize);
    let mainSize = basis;
    if (isSet(line.remaining) && line.remaining < 0) {
      const factor = f32(-flexShrinkOf(child) * basis);
      if (factor !== 0) {
        const size = line.totalShrinkScaled === 0 ? f32(basis + factor) : f32(basis + f32(f32(line.remaining / line.totalShrinkScaled) * factor));
        mainSize = boundAxis(child, mainRow, size, innerMain);
      }
    } else if (isSet(line.remaining) && line.remaining > 0) {
      const factor = flexGrowOf(child);
      if (isSet(factor) && factor !== 0) mainSize = boundAxis(child, mainRow, f32(basis + f32(f32(line.remaining / line.totalGrow) * factor)), innerMain);
    }
    delta = f32(delta + mainSize - basis);

    const align = alignmentOf(node, child);
    const crossDefined = definite(child, !mainRow, innerCross);
    let childCross: number;
    let crossSizeMode: Mode;
    if (isSet(innerCross) && !crossDefined && crossMode === EXACTLY && align === Align.Stretch) {
      childCross = innerCross;
      crossSizeMode = EXACTLY;
    } else if (!crossDefined) {
      childCross = innerCross;
      crossSizeMode = isSet(childCross) ? AT_MOST : UNDEFINED;
    } else {
      const length = dimension(child, !mainRow);
      childCross = resolve(length, innerCross) + marginFor(child, !mainRow);
      crossSizeMode = !isSet(childCross) || (length.percent && crossMode !== EXACTLY) ? UNDEFINED : EXACTLY;
    }
    const [mainSizeMode, childMain] = constrainMaxSizeForMode(child, mainRow, innerMain, EXACTLY, mainSize + marginFor(child, mainRow));
    [crossSizeMode, childCross] = constrainMaxSizeForMode(child, !mainRow, innerCross, crossSizeMode, childCross);
    const requiresStretch = !crossDefined && align === Align.Stretch;
    layoutNode(
      child,
      mainRow ? childMain : childCross,
      mainRow ? childCross : childMain,
      mainRow ? mainSizeMode : crossSizeMode,
      mainRow ? crossSizeMode : mainSizeMode,
      innerWidth,
      innerHeight,
      performLayout && !requiresStretch,
    );
  }
  return delta;
}

function zeroOut(node: LayoutNode): void {
  node.left = node.top = 0;
  node.layoutWidth = node.layoutHeight = node.measuredWidth = node.measuredHeight = 0;
  for (const child of node.children) zeroOut(child);
}
