// The table's placeholder stands for its rows' lines until the output paints them: the
// same placeholder while the lines are the same (React then sees no change), a new one
// when they change, and never the placeholder itself on screen.
import { describe, expect, it } from 'vitest';
import { paintedLines, placeholderFor } from '../../src/ui/painted-rows.js';

describe('painted rows', () => {
  it('names the same lines with the same placeholder, and changed lines with a new one', () => {
    const first = placeholderFor(['a', 'b']);
    expect(placeholderFor(['a', 'b'])).toBe(first);
    const second = placeholderFor(['a', 'B']);
    expect(second).not.toBe(first);
    expect(paintedLines(second)).toEqual(['a', 'B']);
    // A frame React rendered but Ink has not drawn may still name the one before.
    expect(paintedLines(first)).toEqual(['a', 'b']);
  });

  it('tells any other text apart, and draws a placeholder no longer kept as nothing', () => {
    expect(paintedLines('pod-00010 Running')).toBeUndefined();
    const old = placeholderFor(['old']);
    for (let i = 0; i < 10; i++) placeholderFor([`line ${i}`]);
    expect(paintedLines(old)).toEqual([]);
  });
});
