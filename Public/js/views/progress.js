// Progress: XP, mastery per skill as bars, lessons done.
import { h, bar, notice, formatDate } from '../dom.js';
import { api, session } from '../api.js';
import { allLessons } from './lessons.js';

export async function render(main) {
  const me = session().user;
  main.append(h('h1', 'Your progress'));
  const [mastery, progress, catalogue] = await Promise.all([
    api(`/learners/${encodeURIComponent(me.id)}/mastery`).catch((e) => ({ error: e })),
    api(`/learners/${encodeURIComponent(me.id)}/progress`).catch((e) => ({ error: e })),
    allLessons().catch(() => []),
  ]);
  const titles = Object.fromEntries(catalogue.map((l) => [l.id, l.title]));
  if (!progress.error) {
    const done = (progress.lessons || []).filter((l) => l.status === 'completed').length;
    main.append(h('p.xp', h('strong', `${progress.xp ?? 0} XP`), ` · ${done} lesson${done === 1 ? '' : 's'} completed`));
  }
  const skills = h('section.card', { id: 'mastery', 'aria-labelledby': 'mastery-title' }, h('h2', { id: 'mastery-title' }, 'Mastery per skill'));
  if (mastery.error) skills.append(notice(mastery.error.message, 'error'));
  else if (!mastery.skills?.length) skills.append(notice('Answer a quiz to see your mastery here.'));
  else {
    if (typeof mastery.overall === 'number') skills.append(bar('Overall', mastery.overall));
    for (const s of mastery.skills) {
      const row = bar(s.skill, s.mastery);
      row.dataset.skill = s.skill;
      row.append(h('span.bar-note', `${s.attempts} attempt${s.attempts === 1 ? '' : 's'}`));
      skills.append(row);
    }
  }
  main.append(skills);
  const lessons = h('section.card', { 'aria-labelledby': 'lessons-title' }, h('h2', { id: 'lessons-title' }, 'Lessons'));
  if (progress.error) lessons.append(notice(progress.error.message, 'error'));
  else if (!progress.lessons?.length) lessons.append(notice('No lessons started yet.'));
  else {
    lessons.append(h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': 'Lessons table' }, h('table',
      h('thead', h('tr', ['Lesson', 'Status', 'Score', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', progress.lessons.map((l) => h('tr',
        h('td', h('a', { href: `#/lessons/${encodeURIComponent(l.lessonId)}` }, titles[l.lessonId] || l.lessonId)),
        h('td', l.status === 'completed' ? 'Completed' : 'In progress'),
        h('td', l.score == null ? '–' : String(Math.round(l.score))),
        h('td', formatDate(l.updatedAt))))))));
  }
  main.append(lessons);
}
