// Lessons by subject, with difficulty badges and prerequisites shown as locked or unlocked.
import { h, notice } from '../dom.js';
import { api, session } from '../api.js';

export const SUBJECT_NAMES = { math: 'Mathematics', programming: 'Programming in Swift', physics: 'Physics' };
export const subjectName = (s) => SUBJECT_NAMES[s] || s;

export async function allLessons() {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 20; page++) {
    const q = new URLSearchParams({ limit: '100' });
    if (cursor) q.set('cursor', cursor);
    const data = await api(`/lessons?${q}`);
    items.push(...(data.items || []));
    cursor = data.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** lessonId → status ('completed' | 'in_progress'), for the signed-in learner; {} otherwise. */
export async function myProgress() {
  const s = session();
  if (!s) return {};
  try {
    const data = await api(`/learners/${encodeURIComponent(s.user.id)}/progress`);
    return Object.fromEntries((data.lessons || []).map((l) => [l.lessonId, l.status]));
  } catch (e) {
    return {};
  }
}

/** Prerequisites first: by depth in the prerequisite graph, then by title. */
export function inOrder(lessons) {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const depth = new Map();
  const depthOf = (l, seen = new Set()) => {
    if (depth.has(l.id)) return depth.get(l.id);
    if (seen.has(l.id)) return 0; // a cycle cannot be saved, but never loop on one
    seen.add(l.id);
    const d = 1 + Math.max(0, ...(l.prerequisites || []).map((p) => (byId.has(p) ? depthOf(byId.get(p), seen) : 0)));
    depth.set(l.id, d);
    return d;
  };
  return [...lessons].sort((a, b) => depthOf(a) - depthOf(b) || a.title.localeCompare(b.title));
}

export function difficultyBadge(level) {
  const label = level ? level[0].toUpperCase() + level.slice(1) : 'Unrated';
  return h(`span.badge.level-${level || 'none'}`, { title: 'Difficulty' }, label);
}

export async function render(main, { query }) {
  main.append(h('h1', 'Lessons'));
  const [lessons, progress] = await Promise.all([allLessons(), myProgress()]);
  const titles = Object.fromEntries(lessons.map((l) => [l.id, l.title]));
  const subjects = [...new Set(lessons.map((l) => l.subject))];
  const chosen = query.get('subject');
  const filter = h('select', { id: 'subject-filter' },
    h('option', { value: '' }, 'All subjects'),
    subjects.map((s) => h('option', { value: s, selected: s === chosen }, subjectName(s))));
  filter.addEventListener('change', () => { location.hash = filter.value ? `/lessons?subject=${filter.value}` : '/lessons'; });
  main.append(h('div.toolbar', h('label', { for: 'subject-filter' }, 'Subject '), filter));
  if (!session()) main.append(notice('Log in to track progress and unlock lessons as you complete their prerequisites.'));
  if (!lessons.length) main.append(notice('No lessons yet.'));
  for (const subject of subjects) {
    if (chosen && subject !== chosen) continue;
    const list = h('ul.lesson-list');
    for (const lesson of inOrder(lessons.filter((l) => l.subject === subject))) {
      const missing = (lesson.prerequisites || []).filter((p) => progress[p] !== 'completed');
      const done = progress[lesson.id] === 'completed';
      const state = done ? h('span.state.state-done', 'Completed')
        : missing.length && session() ? h('span.state.state-locked', `Locked: first ${missing.map((p) => titles[p] || p).join(', ')}`)
          : h('span.state.state-open', 'Unlocked');
      list.append(h('li.lesson-card', { dataset: { lesson: lesson.id } },
        h('h3', h('a', { href: `#/lessons/${encodeURIComponent(lesson.id)}` }, lesson.title)),
        h('p.meta', difficultyBadge(lesson.difficulty), ` ${lesson.estimatedMinutes} min `, state)));
    }
    main.append(h('section', { 'aria-labelledby': `subject-${subject}` }, h('h2', { id: `subject-${subject}` }, subjectName(subject)), list));
  }
}
