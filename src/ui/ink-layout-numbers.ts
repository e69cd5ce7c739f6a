// Numbers as yoga keeps them: NaN for unset, C++ floats, and its rounding to the pixel
// grid (here whole terminal cells). Shared by the layout (ink-layout-flex.ts), its
// caches (ink-layout-cache.ts) and the final rounding (ink-layout-rounding.ts).

export const isSet = (value: number) => !Number.isNaN(value);
/**
 * yoga computes in C++ floats. Done in doubles, a shrink whose factors cancel out leaves
 * a residue to divide by where yoga has exactly 0: each value is rounded as yoga stores it.
 */
export const f32 = Math.fround;
/** A factor total left a residue from 0 all the same (float rounding order differs from yoga's here and there). */
export const settled = (total: number) => (Math.abs(total) < 0.001 ? 0 : total);
export const maxOrDefined = (a: number, b: number) => (isSet(a) && isSet(b) ? Math.max(a, b) : isSet(a) ? a : b);
export const minOrDefined = (a: number, b: number) => (isSet(a) && isSet(b) ? Math.min(a, b) : isSet(a) ? a : b);
export const nearlyEqual = (a: number, b: number) => (isSet(a) && isSet(b) ? Math.abs(a - b) < 0.0001 : !isSet(a) && !isSet(b));

/** yoga's roundValueToPixelGrid at a scale of 1. */
export function roundValue(value: number, forceCeil: boolean, forceFloor: boolean): number {
  let fraction = value % 1;
  if (fraction < 0) fraction += 1;
  if (nearlyEqual(fraction, 0)) return value - fraction;
  if (nearlyEqual(fraction, 1)) return value - fraction + 1;
  if (forceCeil) return value - fraction + 1;
  if (forceFloor) return value - fraction;
  return value - fraction + (isSet(fraction) && (fraction > 0.5 || nearlyEqual(fraction, 0.5)) ? 1 : 0);
}
