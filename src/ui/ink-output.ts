// Ink's output grid, drawing again only the screen lines that changed. Each Ink frame
// writes every node's text into a new grid of cells (an object per cell, the whole
// terminal) and turns every line back into a string: half of a frame's CPU, although
// between two frames under churn only the header and a few rows differ.
//
// A line's text is a function of the writes that reach it (position, text, the style
// functions applied to it, the clip in force) and the width. Those are noted per line; a
// line reached by the same writes as in the frame before is taken as it was drawn. The
// others are drawn by Ink's own grid, one line at a time, from the writes that reach them.
// The style functions are Ink's per-<Text> closures: a row React did not render again
// (memoised) keeps its closures, so it is recognised; one rendered again is drawn again.
// A line whose writes need none of the grid's work (see plainLine) is joined from its
// coloured texts directly: the grid makes an object per character of every text and of
// the line, most of what a frame allocates under churn.
import { isOneCellEach } from '../render/widths.js';
import { withoutColours } from './ink-string-width.js';
import { paintedLines, startPainting } from './painted-rows.js';

/** A style function Ink applies to each line of a node's text. */
export type LineTransformer = (line: string, index: number) => string;

export interface Clip {
  x1: number | undefined;
  x2: number | undefined;
  y1: number | undefined;
  y2: number | undefined;
}

/** What Ink's renderer uses of its Output class. */
export interface InkOutput {
  write(x: number, y: number, text: string, options: { transformers: LineTransformer[] }): void;
  clip(clip: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}

export type InkOutputClass = new (options: { width: number; height: number }) => InkOutput;

/** A text written; `clips` is the clips in force around it, as a key (set when the frame's lines are keyed). */
type Write = { type: 'write'; x: number; y: number; text: string; transformers: LineTransformer[]; lines: number; clips: string };
type Operation = Write | { type: 'clip'; clip: Clip } | { type: 'unclip' };

/**
 * Ink's Output keeps, per grid, each text's styled characters and widths (functions of the
 * text alone). A grid per drawn line would start them empty: a changed line's unchanged
 * texts (a mark, a bar, a row React rendered again with the same text) and every text's
 * coloured form were tokenized again each frame, the most of a drawn line's CPU. One set
 * serves every line of every frame, started afresh past this many texts: a few frames'
 * worth. Each text keeps an object per character, so 4,096 held ~100 MB more under churn.
 */
export const TEXTS_REMEMBERED = 256;

/** Ink's per-grid caches (a field of its Output; absent, nothing is shared). */
interface InkOutputCaches {
  styledChars: Map<string, unknown>;
  widths: Map<string, unknown>;
  blockWidths: Map<string, unknown>;
}

/** The lines of the frame before, with the writes that reached each: one screen, whatever its size. */
interface DrawnFrame {
  width: number;
  writes: Write[][];
  lines: string[];
}

/**
 * Whether two lines' writes draw the same: the same texts at the same places, under the
 * same clips, styled by the same functions. Compared field by field: a key string per
 * line joined from its texts was copied whole to be compared, every line, every frame.
 */
function sameWrites(a: Write[], b: Write[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.x !== q.x || p.y !== q.y || p.text !== q.text || p.clips !== q.clips || p.transformers.length !== q.transformers.length) return false;
    for (let t = 0; t < p.transformers.length; t++) if (p.transformers[t] !== q.transformers[t]) return false;
  }
  return true;
}

/** Lines drawn again and lines kept as the frame before drew them, since the start (the tests read it). */
const counts = { linesDrawn: 0, linesKept: 0 };

export function outputLineCounts(): { linesDrawn: number; linesKept: number } {
  return { ...counts };
}

const RESET = '\u001B[0m';

/** Nested clips as Ink applies them: each inner one within the outer (undefined: unbounded on that edge). */
function intersectClips(outer: Clip | undefined, inner: Clip): Clip {
  if (!outer) return inner;
  const bound = (a: number | undefined, b: number | undefined, tighter: (a: number, b: number) => number) => (a === undefined ? b : b === undefined ? a : tighter(a, b));
  return { x1: bound(outer.x1, inner.x1, Math.max), x2: bound(outer.x2, inner.x2, Math.min), y1: bound(outer.y1, inner.y1, Math.max), y2: bound(outer.y2, inner.y2, Math.min) };
}

/**
 * How much of a one-line write at (x, y), `width` cells, a clip lets through. Ink clips an
 * axis only when both its bounds are set (x2, y2 exclusive); a line outside the clip's
 * rows is not written at all. Anything but whole or none is left to Ink's grid.
 */
function clipped(clip: Clip, x: number, y: number, width: number): 'whole' | 'none' | 'cut' {
  const rows = clip.y1 !== undefined && clip.y2 !== undefined;
  const columns = clip.x1 !== undefined && clip.x2 !== undefined;
  if ((rows && clip.y1! >= clip.y2!) || (columns && clip.x1! >= clip.x2!)) return 'none';
  if (rows && (y < clip.y1! || y >= clip.y2!)) return 'none';
  if (columns && (x < clip.x1! || x + width > clip.x2!)) return 'cut';
  return 'whole';
}

const clipKey = (clip: Clip) => `${clip.x1},${clip.x2},${clip.y1},${clip.y2}`;

const NO_TRANSFORMERS: LineTransformer[] = [];

/** Ink's Output class, wrapped: lines drawn again only when what reaches them changed. */
export function rowCachingOutput(Original: InkOutputClass): InkOutputClass {
  startPainting();
  let before: DrawnFrame | undefined;
  let caches: InkOutputCaches | undefined;

  /** A grid for one line, with the caches every line shares. */
  const lineGrid = (width: number): InkOutput => {
    const grid = new Original({ width, height: 1 }) as InkOutput & { caches?: InkOutputCaches };
    if (grid.caches) {
      const full = caches !== undefined && Math.max(caches.styledChars.size, caches.widths.size, caches.blockWidths.size) > TEXTS_REMEMBERED;
      if (caches === undefined || full) caches = grid.caches;
      else grid.caches = caches;
    }
    return grid;
  };

  return class RowCachingOutput implements InkOutput {
    private readonly operations: Operation[] = [];
    private readonly width: number;
    private readonly height: number;

    constructor(options: { width: number; height: number }) {
      this.width = options.width;
      this.height = options.height;
    }

    write(x: number, y: number, text: string, options: { transformers: LineTransformer[] }): void {
      if (text === '') return;
      // The table's placeholder: its rows' lines go in its place, already coloured (painted-rows.ts).
      const painted = paintedLines(text);
      if (painted) {
        painted.forEach((line, i) => line !== '' && this.operations.push({ type: 'write', x, y: y + i, text: line, transformers: NO_TRANSFORMERS, lines: 1, clips: '' }));
        return;
      }
      let lines = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      this.operations.push({ type: 'write', x, y, text, transformers: options.transformers, lines, clips: '' });
    }

    clip(clip: Clip): void {
      this.operations.push({ type: 'clip', clip });
    }

    unclip(): void {
      this.operations.push({ type: 'unclip' });
    }

    get(): { output: string; height: number } {
      const writes = this.linesWrites();
      const reuse = before?.width === this.width ? before : undefined;
      const lines: string[] = [];
      for (let y = 0; y < this.height; y++) {
        // A line the frame before did not have (the terminal grew) is drawn.
        const previous = reuse?.writes[y];
        const kept = reuse !== undefined && previous !== undefined && sameWrites(previous, writes[y]!);
        lines.push(kept ? reuse.lines[y]! : this.drawLine(y));
        counts[kept ? 'linesKept' : 'linesDrawn']++;
      }
      before = { width: this.width, writes, lines };
      return { output: lines.join('\n'), height: this.height };
    }

    /** Per line, every write that may reach it (its rows, before any clip), each with the clips in force noted. */
    private linesWrites(): Write[][] {
      const writes = Array.from({ length: this.height }, (): Write[] => []);
      const clips: string[] = [];
      for (const op of this.operations) {
        if (op.type === 'clip') clips.push(`${clips.at(-1) ?? ''}/${clipKey(op.clip)}`);
        else if (op.type === 'unclip') clips.pop();
        else {
          op.clips = clips.at(-1) ?? '';
          for (let y = Math.max(0, op.y); y < Math.min(this.height, op.y + op.lines); y++) writes[y]!.push(op);
        }
      }
      return writes;
    }

    private drawLine(y: number): string {
      return this.plainLine(y) ?? this.gridLine(y);
    }

    /**
     * The line joined from its coloured texts, when Ink's grid would give the same cells:
     * every write reaching it is one line of one-cell characters (colour codes aside: a
     * row's nested <Text>s come as one coloured text) that its style functions only colour,
     * it lies within the screen and any clip in force, and none overlaps another. Otherwise
     * undefined (the grid draws it).
     */
    private plainLine(y: number): string | undefined {
      const pieces: { x: number; width: number; styled: string }[] = [];
      const clips: (Clip | undefined)[] = [];
      for (const op of this.operations) {
        if (op.type === 'clip') clips.push(intersectClips(clips.at(-1), op.clip));
        else if (op.type === 'unclip') clips.pop();
        else if (op.y <= y && y < op.y + op.lines) {
          if (op.lines !== 1) return undefined;
          const visible = withoutColours(op.text);
          if (visible.includes('\u001B') || !isOneCellEach(visible)) return undefined;
          const width = visible.length;
          const clip = clips.at(-1);
          const seen = clip === undefined ? 'whole' : clipped(clip, op.x, y, width);
          if (seen === 'cut') return undefined;
          if (seen === 'none' || width === 0) continue;
          if (op.x < 0 || op.x + width > this.width) return undefined;
          let styled = op.text;
          for (const transformer of op.transformers) styled = transformer(styled, 0);
          if (styled !== op.text && withoutColours(styled) !== visible) return undefined;
          // In the grid a text's styles end with its last cell; here a reset ends them, should
          // a text leave one open.
          pieces.push({ x: op.x, width, styled: styled === visible ? styled : styled + RESET });
        }
      }
      pieces.sort((a, b) => a.x - b.x);
      let line = '';
      let column = 0;
      for (const piece of pieces) {
        if (piece.x < column) return undefined; // overlapping writes: the grid knows which wins
        line += ' '.repeat(piece.x - column) + piece.styled;
        column = piece.x + piece.width;
      }
      return line.trimEnd();
    }

    /** One line as Ink draws it: its own grid, one line high, given the writes that reach it. */
    private gridLine(y: number): string {
      const grid = lineGrid(this.width);
      const shift = (clip: Clip): Clip => ({ ...clip, y1: clip.y1 === undefined ? undefined : clip.y1 - y, y2: clip.y2 === undefined ? undefined : clip.y2 - y });
      for (const op of this.operations) {
        if (op.type === 'clip') grid.clip(shift(op.clip));
        else if (op.type === 'unclip') grid.unclip();
        else if (op.y <= y && y < op.y + op.lines) grid.write(op.x, op.y - y, op.text, { transformers: op.transformers });
      }
      return grid.get().output;
    }
  };
}
