import { describe, expect, it } from 'vitest';
import { FIRST_PAGE_MAX, FIRST_PAGE_MIN, firstPageSizeFor } from '../../src/sources/first-page-size.js';

describe('the first page of a list', () => {
  it('asks for one item per line of the terminal: a pod takes a line at least, so they fill it', () => {
    expect(firstPageSizeFor(50)).toBe(50);
    expect(firstPageSizeFor(37)).toBe(37);
  });

  it('asks for no more than a whole first page on a tall terminal, nor too few on a short one', () => {
    expect(firstPageSizeFor(400)).toBe(FIRST_PAGE_MAX);
    expect(firstPageSizeFor(3)).toBe(FIRST_PAGE_MIN);
  });

  it('without a terminal (printed output, a pipe) asks for the whole first page', () => {
    expect(firstPageSizeFor(undefined)).toBe(FIRST_PAGE_MAX);
    expect(firstPageSizeFor(0)).toBe(FIRST_PAGE_MAX);
    expect(firstPageSizeFor(Number.NaN)).toBe(FIRST_PAGE_MAX);
  });
});
