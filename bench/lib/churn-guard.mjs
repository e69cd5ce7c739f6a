// The guard against the next CPU regression under churn: a quick podlife-only run
// (`npm run bench -- --quick --only churn --tools podlife`) compares its CPU seconds per
// 1,000 changes with the last full run's figure in bench/RESULTS.md, and says loudly
// when it is more than WORSE_BY worse. Pure: the scenario hands in the text and figures.

/** More than this share worse than the last full run is a regression worth a warning. */
export const WORSE_BY = 0.2;

const FIGURE = /^(\d+)\/s: CPU s per 1,000 changes$/;

/**
 * podlife's CPU s per 1,000 changes by rate, from the churn section of RESULTS.md (the
 * median, the first number of its cell); {} when the section holds no full run.
 */
export function recordedPer1000(resultsText) {
  const begin = resultsText.indexOf('<!-- bench:churn -->');
  const end = resultsText.indexOf('<!-- /bench:churn -->');
  if (begin < 0 || end < begin) return {};
  const cells = (line) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const figures = {};
  let column = -1;
  for (const line of resultsText.slice(begin, end).split('\n')) {
    if (!line.trim().startsWith('|')) continue;
    const row = cells(line);
    if (row[0] === 'figure') column = row.indexOf('podlife');
    const rate = FIGURE.exec(row[0] ?? '')?.[1];
    const value = column > 0 ? Number.parseFloat(row[column] ?? '') : Number.NaN;
    if (rate && Number.isFinite(value)) figures[rate] = value;
  }
  return figures;
}

/**
 * One line per rate measured now: the figure, the recorded one and how far apart, with a
 * WARNING line when more than WORSE_BY worse. `warned` says whether any was.
 */
export function compareWithRecorded(now, recorded) {
  const lines = [];
  let warned = false;
  for (const [rate, value] of Object.entries(now)) {
    if (value === undefined || !Number.isFinite(value)) continue;
    const before = recorded[rate];
    const figure = `churn ${rate}/s: podlife ${value.toFixed(3)} CPU s per 1,000 changes`;
    if (before === undefined) {
      lines.push(`${figure}; bench/RESULTS.md holds no full run's figure to compare with`);
      continue;
    }
    const change = value / before - 1;
    const by = `${Math.abs(change * 100).toFixed(0)} % ${change > 0 ? 'worse' : 'better'}`;
    if (change > WORSE_BY) {
      warned = true;
      lines.push(`WARNING: ${figure} is ${by} than the last full run's ${before.toFixed(3)} in bench/RESULTS.md (more than ${WORSE_BY * 100} % worse: a regression, or a busier machine; check the load average)`);
    } else {
      lines.push(`${figure}: ${by} than the last full run's ${before.toFixed(3)} in bench/RESULTS.md (within ${WORSE_BY * 100} %)`);
    }
  }
  return { lines, warned };
}
