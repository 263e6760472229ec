// Recommendations with their reasons.
import { h, notice } from '../dom.js';
import { api, session } from '../api.js';

const ALGORITHMS = [['', 'Default'], ['hybrid', 'Hybrid'], ['prerequisite', 'Next in line'], ['collaborative', 'Learners like you']];

export async function render(main, { query }) {
  const me = session().user;
  const algorithm = query.get('algorithm') || '';
  main.append(h('h1', 'Recommended for you'));
  const select = h('select', { id: 'algorithm' }, ALGORITHMS.map(([v, t]) => h('option', { value: v, selected: v === algorithm }, t)));
  select.addEventListener('change', () => { location.hash = select.value ? `/recommendations?algorithm=${select.value}` : '/recommendations'; });
  main.append(h('div.toolbar', h('label', { for: 'algorithm' }, 'Method '), select));
  const q = new URLSearchParams({ limit: '10' });
  if (algorithm) q.set('algorithm', algorithm);
  let data;
  try {
    data = await api(`/learners/${encodeURIComponent(me.id)}/recommendations?${q}`);
  } catch (e) {
    main.append(notice(e.missingFeature ? 'Recommendations are not available yet.' : e.message, 'error'));
    return;
  }
  if (!data.items?.length) { main.append(notice('Nothing to recommend yet: open a lesson to get started.')); return; }
  main.append(h('ol.rec-list', data.items.map((item) => h('li.card',
    h('h2', h('a', { href: `#/lessons/${encodeURIComponent(item.lessonId)}` }, item.title || item.lessonId)),
    h('p.reason', h('strong', 'Why: '), item.reason || '—'),
    h('p.meta', `Score ${Number(item.score ?? 0).toFixed(2)}`)))));
  if (data.algorithm) main.append(h('p.meta', `Method: ${data.algorithm}`));
}
