// Leaderboards: weekly, all-time and per subject, the learner highlighted, `around=me`.
import { h, notice } from '../dom.js';
import { api, session } from '../api.js';
import { SUBJECT_NAMES } from './lessons.js';

export async function render(main, { query }) {
  const board = query.get('board') || 'weekly';
  const around = query.get('around') === 'me';
  main.append(h('h1', 'Leaderboards'));
  const boards = [['weekly', 'This week'], ['all-time', 'All time'],
    ...Object.entries(SUBJECT_NAMES).map(([k, v]) => [`subject-${k}`, v])];
  const select = h('select', { id: 'board' }, boards.map(([v, t]) => h('option', { value: v, selected: v === board }, t)));
  const aroundBox = h('input', { type: 'checkbox', id: 'around-me', checked: around });
  const update = () => { location.hash = `/leaderboards?board=${select.value}${aroundBox.checked ? '&around=me' : ''}`; };
  select.addEventListener('change', update);
  aroundBox.addEventListener('change', update);
  main.append(h('div.toolbar', h('label', { for: 'board' }, 'Board '), select, h('label.inline', aroundBox, ' Around me')));
  let data;
  try {
    data = await api(`/leaderboards/${encodeURIComponent(board)}?limit=20${around ? '&around=me' : ''}`);
  } catch (e) {
    main.append(notice(e.missingFeature && e.code !== 'unknown_board' ? 'Leaderboards are not available yet.' : e.message, 'error'));
    return;
  }
  const me = session().user.id;
  // The top of the board, then (with around=me) the learner's neighbours further down, once each.
  const seen = new Set();
  const entries = [...(data.entries || []), ...(data.around || [])]
    .filter((e) => !seen.has(e.userId) && seen.add(e.userId))
    .sort((a, b) => a.rank - b.rank)
    .map((e) => ({ ...e, learnerId: e.userId, score: e.xp }));
  if (!entries.length) main.append(notice('Nobody on this board yet: earn XP to be the first.'));
  else {
    main.append(h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': 'Leaderboard' }, h('table.board',
      h('thead', h('tr', ['Rank', 'Learner', 'XP'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', entries.map((e) => h(e.learnerId === me ? 'tr.me' : 'tr', { 'aria-current': e.learnerId === me ? 'true' : null },
        h('td', String(e.rank)), h('td', e.displayName || 'Learner', e.learnerId === me ? ' (you)' : ''), h('td', String(e.score))))))));
  }
  if (data.me) main.append(h('p.card', h('strong', 'You: '), data.me.rank ? `rank ${data.me.rank}, ` : 'not ranked yet, ', `${data.me.xp ?? 0} XP`));
}
