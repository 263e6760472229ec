// Builds DOM nodes. Text always goes in through text nodes, never through innerHTML, so nothing a
// lesson, a user name or a notification contains can become markup (docs/pwa.md, "Safety").

/** h('a.btn', {href: '#/x', onclick: fn}, 'text', child, [more]) */
export function h(tag, props, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'text') el.textContent = value;
    else if (key in el && typeof value !== 'string' && key !== 'list') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** A status line that screen readers announce. */
export function notice(text, kind = 'info') {
  return h(`p.notice.notice-${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function labelled(label, input, hint) {
  const id = input.id || (input.id = `f-${Math.random().toString(36).slice(2, 9)}`);
  const hintEl = hint ? h('small.hint', { id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div.field', h('label', { for: id }, label), input, hintEl);
}

/** A meter drawn as a bar with its value in words (for screen readers and for eyes). */
export function bar(label, value, max = 100) {
  const pct = Math.max(0, Math.min(100, (value / max) * 100));
  const fill = h('span.bar-fill');
  fill.style.width = `${pct.toFixed(1)}%`;
  return h('div.bar-row',
    h('span.bar-label', label),
    // progressbar, not meter: axe-core's ARIA table (axe-selenium-python) does not know meter yet
    // and then forbids the label on a plain span.
    h('span.bar', { role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': String(max),
      'aria-valuenow': String(Math.round(value)) }, fill),
    h('span.bar-value', `${Math.round(value)}`));
}

export function formatDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}
