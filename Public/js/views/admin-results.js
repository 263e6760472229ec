// Admin: one experiment's results: per metric, each variant's mean with its confidence interval
// and each treatment's lift with its fixed-horizon and always-valid (sequential) intervals, drawn
// as an SVG chart beside a table with the same figures; the sample-ratio-mismatch warning on top.
import { h, notice } from '../dom.js';
import { api } from '../api.js';
import { adminNav } from './admin-nav.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
const fmt = (x, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? '∞' : Number(x).toFixed(digits));
const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);

/** A forest plot: one row per entry {label, value, lower, upper, dashed?}, a reference line at `zero`. */
export function intervalChart(title, rows, zero = null) {
  const width = 560; const rowH = 34; const left = 150; const right = 20; const top = 10;
  const height = top + rows.length * rowH + 30;
  const finite = rows.flatMap((r) => [r.value, r.lower, r.upper]).filter((x) => x !== null && Number.isFinite(x));
  if (zero !== null) finite.push(zero);
  let min = Math.min(...finite); let max = Math.max(...finite);
  if (!finite.length) { min = 0; max = 1; }
  if (min === max) { min -= 1; max += 1; }
  const pad = (max - min) * 0.08; min -= pad; max += pad;
  const x = (v) => left + ((v - min) / (max - min)) * (width - left - right);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' }, s('title', title));
  if (zero !== null) {
    svg.append(s('line', { x1: x(zero), x2: x(zero), y1: top, y2: height - 24, class: 'chart-zero' }),
      s('text', { x: x(zero), y: height - 10, 'text-anchor': 'middle', class: 'chart-axis' }, '0'));
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    svg.append(s('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', class: 'chart-label' }, r.label));
    const lo = r.lower === null || !Number.isFinite(r.lower) ? min : r.lower;
    const hi = r.upper === null || !Number.isFinite(r.upper) ? max : r.upper;
    svg.append(s('line', { x1: x(lo), x2: x(hi), y1: y, y2: y, class: r.dashed ? 'chart-ci chart-seq' : 'chart-ci' }));
    svg.append(s('line', { x1: x(lo), x2: x(lo), y1: y - 6, y2: y + 6, class: 'chart-ci' }));
    svg.append(s('line', { x1: x(hi), x2: x(hi), y1: y - 6, y2: y + 6, class: 'chart-ci' }));
    if (r.value !== null && Number.isFinite(r.value)) svg.append(s('circle', { cx: x(r.value), cy: y, r: 5, class: 'chart-point' }));
  });
  const axisY = height - 10;
  svg.append(s('text', { x: left, y: axisY, class: 'chart-axis' }, fmt(min, 3)), s('text', { x: width - right, y: axisY, 'text-anchor': 'end', class: 'chart-axis' }, fmt(max, 3)));
  return h('figure.chart-figure', svg, h('figcaption', title));
}

export async function render(main, { params }) {
  const key = params[0];
  main.append(h('h1', `Experiment ${key}`), adminNav());
  let experiment; let results;
  try {
    [experiment, results] = await Promise.all([api(`/experiments/${encodeURIComponent(key)}`), api(`/experiments/${encodeURIComponent(key)}/results`)]);
  } catch (e) {
    main.append(notice(e.missingFeature && e.code !== 'experiment_not_found' ? 'Experiments are not available on this server yet, or this one does not exist.' : e.message, 'error'));
    return;
  }
  main.append(h('p', h('strong', experiment.name || key), ` · status ${experiment.status}`, experiment.description ? ` · ${experiment.description}` : ''));
  const srm = results.srm;
  if (srm?.mismatch) {
    main.append(h('div.notice.notice-error.srm', { role: 'alert' }, h('strong', 'Sample ratio mismatch. '),
      `The split of learners between variants differs from the weights (χ² = ${fmt(srm.chiSquare, 2)}, p = ${srm.pValue.toExponential(2)}). Fix the assignment before trusting these results.`));
  } else if (srm) {
    main.append(h('p.meta.srm-ok', `Sample ratio check passed (p = ${fmt(srm.pValue, 3)}).`));
  }
  if (srm?.observed) main.append(h('p.meta', 'Learners per variant: ', Object.entries(srm.observed).map(([k, v]) => `${k} ${v}`).join(', ')));
  for (const metric of results.metrics || []) {
    const section = h('section.card.metric', { 'aria-labelledby': `m-${metric.name}` },
      h('h2', { id: `m-${metric.name}` }, metric.name, metric.primary ? ' (primary)' : '', h('small', ` ${metric.type}, ${metric.goal}`)));
    const variants = metric.variants || [];
    section.append(intervalChart(`${metric.name}: mean per variant with ${Math.round((1 - (results.alpha ?? 0.05)) * 100)} % interval`,
      variants.map((v) => ({ label: v.variant, value: v.mean, lower: v.ci?.lower, upper: v.ci?.upper }))));
    const lifts = variants.filter((v) => v.comparison).flatMap((v) => [
      { label: `${v.variant} lift`, value: v.comparison.absoluteLift, lower: v.comparison.absoluteLiftCi?.lower, upper: v.comparison.absoluteLiftCi?.upper },
      { label: `${v.variant} sequential`, value: v.comparison.absoluteLift, lower: v.comparison.sequential?.ci?.lower, upper: v.comparison.sequential?.ci?.upper, dashed: true },
    ]);
    if (lifts.length) section.append(intervalChart(`${metric.name}: lift over ${results.control} (solid: fixed horizon, dashed: always valid)`, lifts, 0));
    section.append(h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': `${metric.name} figures` }, h('table',
      h('thead', h('tr', ['Variant', 'n', 'Mean', 'Interval', 'Lift', 'p', 'Holm p', 'Sequential p', 'P(beat control)', 'Significant']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', variants.map((v) => {
        const c = v.comparison;
        return h('tr', h('th', { scope: 'row' }, v.variant, v.isControl ? ' (control)' : ''), h('td', String(v.n)), h('td', fmt(v.mean)),
          h('td', `[${fmt(v.ci?.lower)}, ${fmt(v.ci?.upper)}]`),
          h('td', c ? `${fmt(c.absoluteLift)} (${pct(c.relativeLift)})` : '–'), h('td', c ? fmt(c.pValue, 4) : '–'),
          h('td', c ? fmt(c.holmPValue, 4) : '–'), h('td', c?.sequential ? fmt(c.sequential.pValue, 4) : '–'),
          h('td', c ? pct(c.probabilityToBeatControl) : '–'), h('td', c ? (c.significant ? 'yes' : 'no') : '–'));
      })))));
    main.append(section);
  }
  if (!(results.metrics || []).length) main.append(notice('No results yet: no learner has been exposed.'));
}
