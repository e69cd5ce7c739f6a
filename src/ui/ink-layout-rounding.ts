// The last step of a layout, as yoga's roundLayoutResultsToPixelGrid: every box rounded
// to whole cells from its absolute edges, a measured text never rounded down (its text
// would be cut).
import type { LayoutNode } from './ink-layout-node.js';
import { nearlyEqual, roundValue } from './ink-layout-numbers.js';

export function roundToCells(node: LayoutNode, absoluteLeft: number, absoluteTop: number): void {
  const text = node.measureFunction !== undefined;
  const { left, top, layoutWidth: width, layoutHeight: height } = node;
  const nodeLeft = absoluteLeft + left;
  const nodeTop = absoluteTop + top;
  node.left = roundValue(left, false, text);
  node.top = roundValue(top, false, text);
  const fractionalWidth = !nearlyEqual(width % 1, 0) && !nearlyEqual(width % 1, 1);
  const fractionalHeight = !nearlyEqual(height % 1, 0) && !nearlyEqual(height % 1, 1);
  node.layoutWidth = roundValue(nodeLeft + width, text && fractionalWidth, text && !fractionalWidth) - roundValue(nodeLeft, false, text);
  node.layoutHeight = roundValue(nodeTop + height, text && fractionalHeight, text && !fractionalHeight) - roundValue(nodeTop, false, text);
  for (const child of node.children) roundToCells(child, nodeLeft, nodeTop);
}
