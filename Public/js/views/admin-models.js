// Admin: learning-model versions, activate one or roll back.
import { h, notice, formatDate } from '../dom.js';
import { api } from '../api.js';
import { adminNav } from './admin-nav.js';

export async function render(main, { go }) {
  main.append(h('h1', 'Admin: model versions'), adminNav());
  const status = h('div', { 'aria-live': 'assertive' });
  let data;
  try {
    data = await api('/admin/models');
  } catch (e) {
    main.append(notice(e.missingFeature ? 'Model versions are not available yet.' : e.message, 'error'));
    return;
  }
  const act = async (path) => {
    try {
      const v = await api(path, { method: 'POST' });
      status.replaceChildren(notice(`Version ${v.id} is active; replicas switch within seconds.`, 'success'));
      setTimeout(() => go('/admin/models'), 800);
    } catch (e) { status.replaceChildren(notice(e.message, 'error')); }
  };
  main.append(h('p', `Serving version ${data.servingVersion}. `,
    h('button', { type: 'button', onclick: () => act('/admin/models/rollback') }, 'Roll back to the previous version')), status);
  if (!data.items?.length) { main.append(notice('No trained versions yet: run `wave3 train`.')); return; }
  main.append(h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': 'Model versions' }, h('table',
    h('thead', h('tr', ['Version', 'Kind', 'Created', 'Quality', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', data.items.map((v) => h(v.active ? 'tr.me' : 'tr',
      h('td', String(v.id), v.active ? ' (active)' : ''), h('td', v.kind), h('td', formatDate(v.createdAt)),
      h('td', v.metrics ? Object.entries(v.metrics).slice(0, 4).map(([k, x]) => `${k}: ${typeof x === 'number' ? x.toFixed(3) : JSON.stringify(x)}`).join('; ') : '–'),
      h('td', v.active ? '' : h('button', { type: 'button', onclick: () => act(`/admin/models/${v.id}/activate`) }, `Activate ${v.id}`))))))));
}
