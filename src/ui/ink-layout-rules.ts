// The small rules of yoga's flexbox layout (yoga's CalculateLayout.cpp and its Node
// accessors), one function each: a node's asked size, margins, padding and border along
// an axis, its flex factors, alignment and gap, and the bounds min and max put on a size.
// ink-layout-flex.ts composes them into the layout's steps.
import { Align, MeasureMode, PositionType, resolve, type Length, type LayoutNode, type Mode } from './ink-layout-node.js';
import { f32, isSet, maxOrDefined, minOrDefined, nearlyEqual } from './ink-layout-numbers.js';

const EXACTLY: Mode = MeasureMode.Exactly;
const AT_MOST: Mode = MeasureMode.AtMost;

/** The width or height a node's style asks for (yoga takes max for it when min and max agree). */
export function dimension(node: LayoutNode, row: boolean): Length {
  const min = row ? node.minWidth : node.minHeight;
  const max = row ? node.maxWidth : node.maxHeight;
  if (isSet(max.value) && nearlyEqual(max.value, min.value) && max.percent === min.percent) return max;
  return row ? node.width : node.height;
}

export function definite(node: LayoutNode, row: boolean, ownerSize: number): boolean {
  const value = resolve(dimension(node, row), ownerSize);
  return isSet(value) && value >= 0;
}

export const marginFor = (node: LayoutNode, row: boolean) => (row ? node.marginLeft() + node.marginRight() : node.marginTop() + node.marginBottom());
export const leadingMargin = (node: LayoutNode, row: boolean) => (row ? node.marginLeft() : node.marginTop());
export const paddingBorderFor = (node: LayoutNode, row: boolean) => (row ? node.paddingBorder(0) + node.paddingBorder(2) : node.paddingBorder(1) + node.paddingBorder(3));
export const leadingPaddingBorder = (node: LayoutNode, row: boolean) => node.paddingBorder(row ? 0 : 1);
export const trailingPaddingBorder = (node: LayoutNode, row: boolean) => node.paddingBorder(row ? 2 : 3);
export const measuredSize = (node: LayoutNode, row: boolean) => (row ? node.measuredWidth : node.measuredHeight);
export const sizeWithMargin = (node: LayoutNode, row: boolean) => measuredSize(node, row) + marginFor(node, row);

/** The root neither grows nor shrinks; unset factors are yoga's defaults (0, not the web's 1). */
export const flexGrowOf = (node: LayoutNode) => (node.parent && isSet(node.flexGrow) ? node.flexGrow : 0);
export const flexShrinkOf = (node: LayoutNode) => (node.parent && isSet(node.flexShrink) ? node.flexShrink : 0);
export const isFlexible = (node: LayoutNode) => flexGrowOf(node) !== 0 || flexShrinkOf(node) !== 0;

export function alignmentOf(owner: LayoutNode, child: LayoutNode): number {
  return child.alignSelf === Align.Auto ? owner.alignItems : child.alignSelf;
}

export function gapFor(node: LayoutNode, row: boolean): number {
  // Between items along a row is the column gap, and the other way round.
  const gap = row ? node.gap[0]! : node.gap[1]!;
  return maxOrDefined(isSet(gap) ? gap : node.gap[2]!, 0);
}

/** A relative node's offset from where the flow puts it (top or left, else minus bottom or right). */
export function relativeOffset(node: LayoutNode, row: boolean): number {
  if (node.positionType === PositionType.Static) return 0;
  const p = node.position;
  const leading = row ? firstSet(p[4]!, p[0]!, p[6]!, p[8]!) : firstSet(p[1]!, p[7]!, p[8]!);
  if (isSet(leading)) return leading;
  const trailing = row ? firstSet(p[5]!, p[2]!, p[6]!, p[8]!) : firstSet(p[3]!, p[7]!, p[8]!);
  return isSet(trailing) ? -trailing : 0;
}

function firstSet(...values: number[]): number {
  for (const value of values) if (isSet(value)) return value;
  return NaN;
}

export function boundWithinMinAndMax(node: LayoutNode, row: boolean, value: number, axisSize: number): number {
  const min = resolve(row ? node.minWidth : node.minHeight, axisSize);
  const max = resolve(row ? node.maxWidth : node.maxHeight, axisSize);
  if (max >= 0 && value > max) return max;
  if (min >= 0 && value < min) return min;
  return value;
}

/** Within min and max, and never less than the node's own padding and border. */
export function boundAxis(node: LayoutNode, row: boolean, value: number, axisSize: number): number {
  return f32(maxOrDefined(boundWithinMinAndMax(node, row, value, axisSize), paddingBorderFor(node, row)));
}

export function constrainMaxSizeForMode(node: LayoutNode, row: boolean, ownerAxisSize: number, mode: Mode, size: number): [Mode, number] {
  const max = resolve(row ? node.maxWidth : node.maxHeight, ownerAxisSize) + marginFor(node, row);
  if (mode === EXACTLY || mode === AT_MOST) return [mode, !isSet(max) || size < max ? size : max];
  return isSet(max) ? [AT_MOST, max] : [mode, size];
}

export function availableInnerSize(node: LayoutNode, row: boolean, available: number, paddingBorder: number, ownerSize: number): number {
  const inner = available - paddingBorder;
  if (!isSet(inner)) return inner;
  const min = resolve(row ? node.minWidth : node.minHeight, ownerSize);
  const max = resolve(row ? node.maxWidth : node.maxHeight, ownerSize);
  return f32(maxOrDefined(minOrDefined(inner, isSet(max) ? max - paddingBorder : Number.MAX_VALUE), isSet(min) ? min - paddingBorder : 0));
}
