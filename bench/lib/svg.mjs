// RSS over time as a small standalone SVG line chart (no library: the bench writes it).
const COLORS = { podlife: '#1f77b4', k9s: '#d62728', kubectl: '#2ca02c' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** series: [{tool, run, samples: [{s, mb}]}] → SVG text. */
export function rssChart(series, title) {
  const W = 760;
  const H = 360;
  const L = 60;
  const R = 130;
  const T = 36;
  const B = 44;
  const all = series.flatMap((x) => x.samples);
  const maxS = Math.max(60, ...all.map((p) => p.s));
  const maxMb = Math.max(100, ...all.map((p) => p.mb)) * 1.1;
  const x = (s) => L + (s / maxS) * (W - L - R);
  const y = (mb) => H - B - (mb / maxMb) * (H - T - B);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`];
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`, `<text x="${L}" y="20" font-size="14">${esc(title)}</text>`);
  const mbStep = niceStep(maxMb / 6);
  for (let mb = 0; mb <= maxMb; mb += mbStep) {
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y(mb)}" y2="${y(mb)}" stroke="#ddd"/>`, `<text x="${L - 6}" y="${y(mb) + 4}" text-anchor="end">${mb}</text>`);
  }
  const sStep = niceStep(maxS / 60 / 8) * 60;
  for (let s = 0; s <= maxS; s += sStep) out.push(`<text x="${x(s)}" y="${H - B + 16}" text-anchor="middle">${Number((s / 60).toFixed(2))}</text>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">minutes</text>`, `<text x="14" y="${(T + H - B) / 2}" transform="rotate(-90 14 ${(T + H - B) / 2})" text-anchor="middle">RSS (MB)</text>`);
  out.push(`<line x1="${L}" x2="${W - R}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`, `<line x1="${L}" x2="${L}" y1="${T}" y2="${y(0)}" stroke="#333"/>`);
  const tools = [...new Set(series.map((x) => x.tool))];
  for (const line of series) {
    const points = line.samples.map((p) => `${x(p.s).toFixed(1)},${y(p.mb).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${COLORS[line.tool] ?? '#555'}" stroke-width="1.5" stroke-opacity="0.8" points="${points}"><title>${esc(`${line.tool} run ${line.run}`)}</title></polyline>`);
  }
  tools.forEach((tool, i) => {
    const ly = T + 10 + i * 20;
    out.push(`<line x1="${W - R + 12}" x2="${W - R + 36}" y1="${ly}" y2="${ly}" stroke="${COLORS[tool] ?? '#555'}" stroke-width="3"/>`, `<text x="${W - R + 42}" y="${ly + 4}">${esc(tool)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
