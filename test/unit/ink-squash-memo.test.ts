// The remembering squash must answer, after any change Ink's DOM makes to a text (a string
// set, a style function replaced, a part hidden, added, moved or removed), exactly what
// Ink's own squash answers: checked against Ink's squash itself, on Ink's own nodes, over
// random changes; and a text none of whose parts changed is not coloured again.
import { describe, expect, it } from 'vitest';
// Ink's own DOM and squash, by their files: the package exports only its index.
import * as dom from '../../node_modules/ink/build/dom.js';
import squashTextNodes from '../../node_modules/ink/build/squash-text-nodes.js';
import { random } from '../support/seeded-random.js';
import { rememberingSquash, type SquashNode } from '../../src/ui/ink-squash-memo.js';

type Node = SquashNode & { childNodes: Node[] };
type Transform = (text: string, index: number) => string;

const inkSquash = squashTextNodes as unknown as (node: SquashNode) => string;
const STRINGS = ['pod-00010', 'Running', '\u001B[31mWaiting\u001B[39m', '██░░', '古い', 'a\tb', ' · ', 'two\nlines', ''];

let colourings = 0;
/** A style function as Ink's <Text> makes one: a new closure each time the <Text> renders. */
const colour = (code: number): Transform => (text) => {
  colourings++;
  return `\u001B[${code}m${text}\u001B[39m`;
};

/** A row as podlife's table draws one: a <Text> of texts and coloured nested <Text>s. */
function row(next: () => number): Node {
  const text = dom.createNode('ink-text') as unknown as Node;
  for (let i = 0; i < 6; i++) dom.appendChildNode(text as never, part(next) as never);
  return text;
}

function part(next: () => number): Node {
  const pick = () => STRINGS[Math.floor(next() * STRINGS.length)]!;
  if (next() < 0.4) return dom.createTextNode(pick()) as unknown as Node;
  const nested = dom.createNode('ink-virtual-text') as unknown as Node;
  dom.setTransform(nested as never, colour(31 + Math.floor(next() * 6)));
  dom.appendChildNode(nested as never, dom.createTextNode(pick()) as never);
  if (next() < 0.3) dom.appendChildNode(nested as never, part(next) as never);
  return nested;
}

/** Every node under `node`, itself included. */
const nodesOf = (node: Node): Node[] => [node, ...(node.childNodes ?? []).flatMap(nodesOf)];

/** One change of the kind React's reconciler makes through Ink's DOM. */
function change(text: Node, next: () => number): string {
  const nodes = nodesOf(text);
  const pickNode = (test: (n: Node) => boolean) => {
    const fit = nodes.filter(test);
    return fit[Math.floor(next() * fit.length)];
  };
  const kind = Math.floor(next() * 6);
  if (kind === 0) {
    const leaf = pickNode((n) => n.nodeName === '#text');
    if (leaf) dom.setTextNodeValue(leaf as never, STRINGS[Math.floor(next() * STRINGS.length)]!);
    return 'string';
  }
  const nested = pickNode((n) => n.nodeName === 'ink-virtual-text');
  if (kind === 1 && nested) dom.setTransform(nested as never, colour(31 + Math.floor(next() * 6)));
  if (kind === 2 && nested) dom.setNodeHidden(nested as never, !nested.isHidden);
  const parent = pickNode((n) => n.nodeName !== '#text')!;
  if (kind === 3) dom.appendChildNode(parent as never, part(next) as never);
  if (kind === 4 && parent.childNodes.length > 1) dom.removeChildNode(parent as never, parent.childNodes[Math.floor(next() * parent.childNodes.length)] as never);
  if (kind === 5 && parent.childNodes.length > 1) dom.insertBeforeNode(parent as never, parent.childNodes.at(-1) as never, parent.childNodes[0] as never);
  return ['string', 'style', 'hidden', 'append', 'remove', 'move'][kind]!;
}

describe('the remembering squash', () => {
  it("answers as Ink's squash after every change, and from memory when nothing changed", () => {
    let remembered = 0;
    let joined = 0;
    const squash = rememberingSquash((node) => {
      joined++;
      return inkSquash(node);
    });
    for (let seed = 1; seed <= 30; seed++) {
      const next = random(seed);
      const rows = Array.from({ length: 5 }, () => row(next));
      for (let frame = 0; frame < 40; frame++) {
        const what = next() < 0.5 ? change(rows[Math.floor(next() * rows.length)]!, next) : 'nothing';
        for (const [i, text] of rows.entries()) {
          const before = joined;
          expect(squash(text), `seed ${seed}, frame ${frame}, row ${i}, after a ${what} change`).toBe(inkSquash(text));
          if (joined === before) remembered++;
        }
      }
    }
    // Both ways are taken, many times.
    expect(remembered).toBeGreaterThan(1000);
    expect(joined).toBeGreaterThan(500);
  });

  it('does not colour again a text whose parts are the same', () => {
    const squash = rememberingSquash(inkSquash);
    const text = row(random(7));
    const colouredBefore = colourings;
    const first = squash(text);
    expect(colourings).toBeGreaterThan(colouredBefore); // the row has coloured parts
    const colouredOnce = colourings;
    expect(squash(text)).toBe(first);
    expect(colourings).toBe(colouredOnce);
  });
});
