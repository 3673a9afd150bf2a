/**
 * Bar charts drawn as SVG on the server: no chart library and no script in the page. Each
 * chart carries a `<title>` and a `<desc>`, and the page shows the same numbers in a table
 * next to it, for screen readers and for printing.
 */

/** One bar of a simple chart. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The value as the page writes it (`R$ 1.234,00`); default the number. */
  readonly text?: string;
}

/** One series of a stacked chart: a value per category, in the categories' order. */
export interface Series {
  readonly label: string;
  readonly values: readonly number[];
}

/** Palette for series, dark enough for white text and distinct in grey scale. */
export const SERIES_COLOURS = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#a16207', '#0e7490'];

const WIDTH = 640;
const BAR_HEIGHT = 28;
const LABEL_WIDTH = 180;
const VALUE_WIDTH = 130;

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function heading(id: string, title: string, desc: string): string {
  return `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`;
}

function open(id: string, width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rc-chart" id="${id}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" ` +
    `width="100%" preserveAspectRatio="xMinYMin meet" data-chart="${id}">`
  );
}

/**
 * Horizontal bars, one per item, longest for the largest value; the value written after
 * each bar. An empty or all-zero chart draws its labels with no bar.
 */
export function barChart(id: string, title: string, desc: string, bars: readonly Bar[]): string {
  const height = Math.max(bars.length, 1) * BAR_HEIGHT + 8;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const room = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const rows = bars.map((bar, index) => {
    const y = 4 + index * BAR_HEIGHT;
    const length = max > 0 ? Math.round((bar.value / max) * room) : 0;
    const text = escapeXml(bar.text ?? String(bar.value));
    return (
      `<g data-bar="${escapeXml(bar.label)}" data-value="${bar.value}">` +
      `<text x="${LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end" font-size="13">${escapeXml(bar.label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${length}" height="${BAR_HEIGHT - 8}" fill="${SERIES_COLOURS[0]}"><title>${escapeXml(bar.label)}: ${text}</title></rect>` +
      `<text x="${LABEL_WIDTH + length + 6}" y="${y + 18}" font-size="13">${text}</text></g>`
    );
  });
  return `${open(id, WIDTH, height)}${heading(id, title, desc)}${rows.join('')}</svg>`;
}

/**
 * Vertical stacked bars: one column per category (a day), one coloured segment per series
 * (a rule on a channel), with a legend below. Empty segments are not drawn.
 */
export function stackedBarChart(
  id: string,
  title: string,
  desc: string,
  chart: { readonly categories: readonly string[]; readonly series: readonly Series[] },
): string {
  const plot = { left: 40, top: 10, height: 180 };
  const column = Math.max(
    8,
    Math.floor((WIDTH - plot.left - 10) / Math.max(chart.categories.length, 1)),
  );
  const totals = chart.categories.map((_, i) =>
    chart.series.reduce((sum, series) => sum + (series.values[i] ?? 0), 0),
  );
  const max = Math.max(1, ...totals);
  const scale = (value: number) => (value / max) * plot.height;
  const base = plot.top + plot.height;

  const columns = chart.categories.map((category, i) => {
    let y = base;
    const segments = chart.series.map((series, s) => {
      const value = series.values[i] ?? 0;
      if (value === 0) return '';
      const h = scale(value);
      y -= h;
      const tip = `${category} · ${series.label}: ${value}`;
      return `<rect x="${plot.left + i * column + 1}" y="${y.toFixed(1)}" width="${column - 2}" height="${h.toFixed(1)}" fill="${colour(s)}"><title>${escapeXml(tip)}</title></rect>`;
    });
    return `<g data-category="${escapeXml(category)}" data-total="${totals[i]}">${segments.join('')}</g>`;
  });
  const axis =
    `<line x1="${plot.left}" y1="${base}" x2="${WIDTH - 10}" y2="${base}" stroke="#666"/>` +
    `<text x="${plot.left - 4}" y="${plot.top + 10}" text-anchor="end" font-size="11">${max}</text>` +
    `<text x="${plot.left - 4}" y="${base}" text-anchor="end" font-size="11">0</text>` +
    edgeLabels(chart.categories, plot.left, column, base + 14);
  const legend = chart.series.map((series, s) => {
    const y = base + 30 + s * 18;
    return (
      `<rect x="${plot.left}" y="${y - 10}" width="12" height="12" fill="${colour(s)}"/>` +
      `<text x="${plot.left + 18}" y="${y}" font-size="12">${escapeXml(series.label)}</text>`
    );
  });
  const height = base + 30 + chart.series.length * 18;
  return `${open(id, WIDTH, height)}${heading(id, title, desc)}${axis}${columns.join('')}${legend.join('')}</svg>`;
}

function colour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
}

/** The first and last category under the axis; the table has every one. */
function edgeLabels(categories: readonly string[], left: number, column: number, y: number) {
  if (categories.length === 0) return '';
  const first = categories[0] as string;
  const last = categories[categories.length - 1] as string;
  const lastX = left + (categories.length - 1) * column + column;
  return (
    `<text x="${left}" y="${y}" font-size="11">${escapeXml(first)}</text>` +
    `<text x="${lastX}" y="${y}" text-anchor="end" font-size="11">${escapeXml(last)}</text>`
  );
}
