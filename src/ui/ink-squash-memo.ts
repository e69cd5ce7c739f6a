// Ink joins the text of each <Text> and of the <Text>s nested in it (squash-text-nodes.js)
// for every text on screen, every frame, colouring each nested part again through its
// style function: a screen of rows, each of a dozen coloured parts, is coloured again in
// full at every frame, though under churn only a few rows changed (~10 % of a churn
// frame's CPU). The joined text is a function of the parts' strings and their style
// functions; a row React did not render again keeps both (its nodes and Ink's closures),
// so its text from the frame before is still right. Here each node's parts are noted
// with its joined text, and the text is joined again only when a part differs.

/** What Ink's squash reads of its DOM nodes (and its text's layout node, told how the text measures). */
export interface SquashNode {
  nodeName: string;
  nodeValue?: string;
  isHidden?: boolean;
  internal_transform?: unknown;
  childNodes?: SquashNode[];
  style?: { textWrap?: string };
  yogaNode?: { measuresFromNaturalSize?: boolean };
}

export type Squash = (node: SquashNode) => string;

interface Remembered {
  /**
   * Per part, in order: the node, then its string (a text node) or its style function. A
   * hidden part's own parts are not noted: hiding or showing it changes what is walked.
   */
  parts: unknown[];
  text: string;
}

const isNested = (node: SquashNode) => node.nodeName === 'ink-text' || node.nodeName === 'ink-virtual-text';

/**
 * Whether the node's parts are those noted; walks them as Ink's squash does (and as
 * noteParts notes them), comparing in place: it runs for every text at every frame, and
 * allocates nothing.
 */
function sameParts(node: SquashNode, parts: unknown[], at: { i: number }): boolean {
  for (const child of node.childNodes ?? []) {
    if (parts[at.i++] !== child) return false;
    if (child.nodeName === '#text') {
      if (parts[at.i++] !== child.nodeValue) return false;
      continue;
    }
    if (parts[at.i++] !== child.internal_transform) return false;
    if (!child.isHidden && isNested(child) && !sameParts(child, parts, at)) return false;
  }
  return true;
}

function noteParts(node: SquashNode, parts: unknown[]): unknown[] {
  for (const child of node.childNodes ?? []) {
    parts.push(child);
    if (child.nodeName === '#text') {
      parts.push(child.nodeValue);
      continue;
    }
    parts.push(child.internal_transform);
    if (!child.isHidden && isNested(child)) noteParts(child, parts);
  }
  return parts;
}

/**
 * Ink measures a truncated text (dom.js, measureTextNode) as its natural size, or the
 * width asked and its line count when cut: answers that follow from its natural size
 * alone. Its layout node is told so (podlife's layout engine, ink-layout-node.ts), as Ink
 * measures the text or draws it, both of which squash it first.
 */
function noteHowItMeasures(node: SquashNode): void {
  if (node.yogaNode && 'measuresFromNaturalSize' in node.yogaNode) node.yogaNode.measuresFromNaturalSize = node.style?.textWrap?.startsWith('truncate') === true;
}

/** Ink's squashTextNodes, answering from the frame before for a node whose parts are the same. */
export function rememberingSquash(squash: Squash): Squash {
  // Per node, dropped with it (a row scrolled away or gone).
  const remembered = new WeakMap<SquashNode, Remembered>();
  return (node) => {
    noteHowItMeasures(node);
    const was = remembered.get(node);
    if (was) {
      const at = { i: 0 };
      if (sameParts(node, was.parts, at) && at.i === was.parts.length) return was.text;
    }
    const text = squash(node);
    remembered.set(node, { parts: noteParts(node, []), text });
    return text;
  };
}
