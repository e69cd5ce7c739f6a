/** A seeded generator of numbers in [0, 1), so that a failure can be replayed. */
export function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}
