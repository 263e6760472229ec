// Admin: experiments (list with start/stop, create with variants and metrics).
import { h, labelled, notice } from '../dom.js';
import { api } from '../api.js';
import { adminNav } from './admin-nav.js';

export async function render(main, ctx) {
  if (ctx.name === 'new') return create(main, ctx);
  main.append(h('h1', 'Admin: experiments'), adminNav());
  let data;
  try {
    data = await api('/experiments');
  } catch (e) {
    main.append(notice(e.missingFeature ? 'Experiments are not available on this server yet.' : e.message, e.missingFeature ? 'info' : 'error'));
    return;
  }
  const status = h('div', { 'aria-live': 'assertive' });
  main.append(h('p', h('a.btn', { href: '#/admin/experiments/new' }, 'New experiment')), status);
  const items = Array.isArray(data) ? data : data.items || [];
  if (!items.length) { main.append(notice('No experiments yet.')); return; }
  const act = async (key, verb) => {
    try { await api(`/experiments/${encodeURIComponent(key)}/${verb}`, { method: 'POST' }); ctx.go('/admin/experiments'); } catch (e) { status.replaceChildren(notice(e.message, 'error')); }
  };
  main.append(h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': 'Experiments' }, h('table',
    h('thead', h('tr', ['Experiment', 'Status', 'Variants', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((x) => h('tr', { dataset: { key: x.key } },
      h('td', h('a', { href: `#/admin/experiments/${encodeURIComponent(x.key)}` }, x.name || x.key), h('br'), h('small', x.key)),
      h('td', h(`span.badge.status-${x.status}`, x.status)),
      h('td', (x.variants || []).map((v) => `${v.key} (${Math.round((v.weight ?? 0) * 100)} %)`).join(', ')),
      h('td.actions',
        x.status === 'draft' ? h('button', { type: 'button', onclick: () => act(x.key, 'start') }, `Start ${x.key}`) : null,
        x.status === 'running' ? h('button', { type: 'button', onclick: () => act(x.key, 'stop') }, `Stop ${x.key}`) : null,
        h('a', { href: `#/admin/experiments/${encodeURIComponent(x.key)}` }, 'Results'))))))));
}

function rowInputs(kind, index) {
  if (kind === 'variant') {
    const key = h('input', { type: 'text', required: true, value: index === 0 ? 'control' : `treatment${index}`, name: `variant-key-${index}` });
    const weight = h('input', { type: 'number', step: '0.01', min: '0', max: '1', required: true, value: '0.5', name: `variant-weight-${index}` });
    const config = h('input', { type: 'text', value: '{}', name: `variant-config-${index}` });
    const el = h('fieldset.row', h('legend', `Variant ${index + 1}`), labelled('Key', key), labelled('Weight', weight), labelled('Config (JSON)', config));
    el.read = () => ({ key: key.value.trim(), weight: Number(weight.value), config: JSON.parse(config.value || '{}') });
    return el;
  }
  const name = h('input', { type: 'text', required: true, value: index === 0 ? 'completed' : '', name: `metric-name-${index}` });
  const type = h('select', { name: `metric-type-${index}` }, ['conversion', 'numeric', 'duration'].map((t) => h('option', { value: t }, t)));
  const goal = h('select', { name: `metric-goal-${index}` }, ['maximize', 'minimize'].map((t) => h('option', { value: t }, t)));
  // Where the figures come from: the server's own events, or what clients post to /events.
  const source = h('select', { name: `metric-source-${index}` }, [['lesson_completion', 'Lesson completions'], ['quiz_score', 'Quiz scores'],
    ['time_to_complete', 'Time to complete'], ['events', 'Posted events']].map(([v, t]) => h('option', { value: v, selected: index > 0 && v === 'events' }, t)));
  const primary = h('input', { type: 'radio', name: 'metric-primary', checked: index === 0 });
  const el = h('fieldset.row', h('legend', `Metric ${index + 1}`), labelled('Name', name), labelled('Type', type), labelled('Goal', goal),
    labelled('Source', source), h('label.inline', primary, ' Primary'));
  el.read = () => ({ name: name.value.trim(), type: type.value, goal: goal.value, source: source.value, primary: primary.checked });
  return el;
}

async function create(main, { go }) {
  main.append(h('h1', 'New experiment'), adminNav());
  const key = h('input', { type: 'text', required: true, pattern: '[a-z0-9][a-z0-9_-]*', id: 'experiment-key' });
  const name = h('input', { type: 'text', required: true, id: 'experiment-name' });
  const description = h('textarea', { rows: '2', id: 'experiment-description' });
  const variants = h('div', rowInputs('variant', 0), rowInputs('variant', 1));
  const metrics = h('div', rowInputs('metric', 0));
  const status = h('div', { 'aria-live': 'assertive' });
  const add = (box, kind) => h('button.secondary', { type: 'button', onclick: () => box.append(rowInputs(kind, box.children.length)) }, `Add ${kind}`);
  const form = h('form.card', labelled('Key', key, 'Lower case letters, digits, - and _.'), labelled('Name', name), labelled('Description', description),
    h('h2', 'Variants'), variants, add(variants, 'variant'), h('h2', 'Metrics'), metrics, add(metrics, 'metric'),
    h('div.actions', h('button', { type: 'submit' }, 'Create experiment')), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let body;
    try {
      body = { key: key.value.trim(), name: name.value.trim(), description: description.value.trim(),
        variants: [...variants.children].map((r) => r.read()), metrics: [...metrics.children].map((r) => r.read()) };
    } catch (e) {
      status.replaceChildren(notice('A variant config is not valid JSON.', 'error'));
      return;
    }
    try {
      const saved = await api('/experiments', { method: 'POST', body });
      go(`/admin/experiments/${encodeURIComponent(saved.key || body.key)}`);
    } catch (e) {
      status.replaceChildren(notice(e.missingFeature ? 'Experiments are not available on this server yet.' : e.message, 'error'));
    }
  });
  main.append(form);
}
