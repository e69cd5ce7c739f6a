// Medians, percentiles and the growth of a sampled series.

export const median = (xs) => {
  const v = xs.filter((x) => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

export const percentile = (sorted, p) => (sorted.length === 0 ? undefined : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);

/**
 * Growth over the last half of a series of {s, mb} samples, in %: the least-squares line
 * through the samples of the second half, its rise over that half divided by its value at
 * the half's start. A line, not last-minus-first: a GC sawtooth would swing that by tens
 * of MB either way.
 */
export function growthOverLastHalf(samples) {
  if (samples.length < 4) return undefined;
  const end = samples.at(-1).s;
  const half = samples.filter((x) => x.s >= end / 2);
  if (half.length < 3) return undefined;
  const n = half.length;
  const mx = half.reduce((a, x) => a + x.s, 0) / n;
  const my = half.reduce((a, x) => a + x.mb, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const x of half) {
    sxy += (x.s - mx) * (x.mb - my);
    sxx += (x.s - mx) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const from = half[0].s;
  const atFrom = my + slope * (from - mx);
  return (slope * (end - from) * 100) / atFrom;
}
