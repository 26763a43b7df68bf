import { el, outcomeLabels, svg } from './dom.js';

/** Stacked from the bottom in this order. */
const outcomes = /** @type {const} */ (['done', 'none', 'pending', 'dead']);

/**
 * @typedef {{ pending: number, done: number, dead: number, none: number }} Counts
 * @typedef {{ start: number, bucketMs: number, buckets: Counts[] }} Series
 */

const width = 480;
const height = 140;
const left = 28;
const bottom = 18;

/**
 * Deliveries per bucket as stacked bars, one colour per outcome; each bar's title gives its numbers.
 * @param {Series} series
 * @param {(start: number) => string} label a bucket's axis label
 * @param {number} every label every so many buckets
 * @returns {SVGElement}
 */
export function barChart(series, label, every) {
  const totals = series.buckets.map((b) => b.pending + b.done + b.dead + b.none);
  const max = niceMax(Math.max(1, ...totals));
  const plotHeight = height - bottom - 6;
  const step = (width - left) / series.buckets.length;
  const y = (/** @type {number} */ n) => 6 + plotHeight - (n / max) * plotHeight;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `deliveries, at most ${Math.max(...totals)} in one bar` });
  for (const n of [0, max / 2, max]) {
    chart.append(svg('line', { x1: left, x2: width, y1: y(n), y2: y(n), class: 'grid' }), svg('text', { x: left - 4, y: y(n) + 3, class: 'axis', 'text-anchor': 'end' }, String(n)));
  }
  series.buckets.forEach((counts, i) => {
    const start = series.start + i * series.bucketMs;
    const x = left + i * step + step * 0.12;
    const bar = svg('g', { class: 'bar' }, svg('title', {}, `${label(start)}: ${totals[i]} deliveries (${outcomes.map((o) => `${counts[o]} ${outcomeLabels[o]}`).join(', ')})`));
    let base = 0;
    for (const outcome of outcomes) {
      if (counts[outcome] === 0) continue;
      bar.append(svg('rect', { x, width: step * 0.76, y: y(base + counts[outcome]), height: y(base) - y(base + counts[outcome]), class: `s-${outcome}` }));
      base += counts[outcome];
    }
    // Hovering (or tapping) the whole column shows the title, not only the coloured part.
    bar.prepend(svg('rect', { x: left + i * step, width: step, y: 0, height: height - bottom, class: 'hit' }));
    chart.append(bar);
    if (i % every === 0) chart.append(svg('text', { x: x + step * 0.38, y: height - 4, class: 'axis', 'text-anchor': 'middle' }, label(start)));
  });
  return chart;
}

/**
 * A round top for the axis: 1, 2, 5 times a power of ten, and even (its half is a label).
 * @param {number} n
 */
function niceMax(n) {
  if (n <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((f) => f * power).find((m) => m >= n && m % 2 === 0) ?? 10 * power;
}

/** The legend: a swatch and a name per outcome. */
export function legend() {
  return outcomes.map((outcome) =>
    el('span', { class: 'legend-item' }, svg('svg', { viewBox: '0 0 10 10', class: 'swatch', 'aria-hidden': 'true' }, svg('rect', { width: 10, height: 10, rx: 2, class: `s-${outcome}` })), outcomeLabels[outcome]),
  );
}
