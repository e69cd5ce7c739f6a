// yoga's measurement caches (Cache.cpp, and calculateLayoutInternal's use of it): which
// earlier answer a node may give again for the size asked now. The rules are yoga's own,
// looser ones included (a text asked for exactly the width it came to keeps its height):
// matching them is what makes podlife's layouts yoga's box for box.
import { MeasureMode, type CachedSize, type LayoutNode, type Mode } from './ink-layout-node.js';
import { isSet, nearlyEqual, roundValue } from './ink-layout-numbers.js';

const UNDEFINED: Mode = MeasureMode.Undefined;
const EXACTLY: Mode = MeasureMode.Exactly;
const AT_MOST: Mode = MeasureMode.AtMost;

/** yoga keeps this many measurings per node (LayoutResults::MaxCachedMeasurements). */
const MAX_CACHED_MEASUREMENTS = 8;

function sameSpec(width: number, height: number, widthMode: Mode, heightMode: Mode, last: CachedSize): boolean {
  return nearlyEqual(width, last.width) && nearlyEqual(height, last.height) && widthMode === last.widthMode && heightMode === last.heightMode;
}

/** yoga's canUseCachedMeasurement (Cache.cpp), at a scale of one cell. */
function canUseCachedMeasurement(width: number, height: number, widthMode: Mode, heightMode: Mode, last: CachedSize, marginRow: number, marginColumn: number): boolean {
  if ((isSet(last.computedHeight) && last.computedHeight < 0) || (isSet(last.computedWidth) && last.computedWidth < 0)) return false;
  return (
    sizeCompatible(widthMode, width, last.widthMode, last.width, last.computedWidth, marginRow) &&
    sizeCompatible(heightMode, height, last.heightMode, last.height, last.computedHeight, marginColumn)
  );
}

/** One axis of it: the same ask, an exact ask of the size it came to, or a looser or stricter one it still fits. */
function sizeCompatible(mode: Mode, size: number, lastMode: Mode, lastSize: number, lastComputed: number, margin: number): boolean {
  if (lastMode === mode && nearlyEqual(roundValue(lastSize, false, false), roundValue(size, false, false))) return true;
  const inner = size - margin;
  if (mode === EXACTLY && nearlyEqual(inner, lastComputed)) return true;
  if (mode === AT_MOST && lastMode === UNDEFINED && (inner >= lastComputed || nearlyEqual(inner, lastComputed))) return true;
  return lastMode === AT_MOST && mode === AT_MOST && isSet(lastSize) && isSet(inner) && isSet(lastComputed) && lastSize > inner && (lastComputed <= inner || nearlyEqual(inner, lastComputed));
}

/** An earlier answer of this node's that holds for the size asked now, if any. */
export function cachedAnswer(node: LayoutNode, width: number, height: number, widthMode: Mode, heightMode: Mode, performLayout: boolean): CachedSize | undefined {
  if (node.measureFunction) {
    const marginRow = node.marginLeft() + node.marginRight();
    const marginColumn = node.marginTop() + node.marginBottom();
    if (node.cachedLayout && canUseCachedMeasurement(width, height, widthMode, heightMode, node.cachedLayout, marginRow, marginColumn)) return node.cachedLayout;
    for (const entry of node.cachedMeasurements) if (canUseCachedMeasurement(width, height, widthMode, heightMode, entry, marginRow, marginColumn)) return entry;
    return undefined;
  }
  if (performLayout) return node.cachedLayout && sameSpec(width, height, widthMode, heightMode, node.cachedLayout) ? node.cachedLayout : undefined;
  for (const entry of node.cachedMeasurements) if (sameSpec(width, height, widthMode, heightMode, entry)) return entry;
  return undefined;
}

/** Keeps a fresh answer: a layout pass's as the node's layout, a measuring's among the last 8. */
export function keepAnswer(node: LayoutNode, answer: CachedSize, performLayout: boolean): void {
  if (performLayout) {
    node.cachedLayout = answer;
    return;
  }
  if (node.nextCachedMeasurement === MAX_CACHED_MEASUREMENTS) node.nextCachedMeasurement = 0;
  node.cachedMeasurements[node.nextCachedMeasurement++] = answer;
}
