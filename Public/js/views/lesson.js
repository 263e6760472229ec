// The lesson reader: Markdown rendered into DOM nodes (markdown.js), prerequisites with their
// state, the quiz, and "mark complete". Opened lessons are kept by the service worker for offline.
import { h, notice } from '../dom.js';
import { api, session, sendProgress } from '../api.js';
import { renderMarkdown } from '../markdown.js';
import { allLessons, difficultyBadge, myProgress, subjectName } from './lessons.js';
import { renderQuiz } from './quiz.js';

/** Lessons usually open with their title as a `#` heading; the page's h1 already says it. */
function withoutTitle(content, title) {
  const m = content.match(/^\s*#\s+(.+)\n/);
  return m && title.toLowerCase().startsWith(m[1].trim().toLowerCase()) ? content.slice(m[0].length) : content;
}

export async function render(main, { params }) {
  const id = params[0];
  const started = performance.now();
  let lesson;
  try {
    lesson = await api(`/lessons/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e.status === 404) {
      main.append(h('h1', 'Lesson not found'), notice('This lesson does not exist (any more).', 'error'), h('a', { href: '#/lessons' }, 'All lessons'));
      return;
    }
    throw e;
  }
  const article = h('article.lesson', { lang: 'en' });
  article.append(
    h('h1', lesson.title),
    h('p.meta', difficultyBadge(lesson.difficulty), ` ${subjectName(lesson.subject)} · ${lesson.estimatedMinutes} min`,
      lesson.skills?.length ? ` · skills: ${lesson.skills.join(', ')}` : ''),
    h('div.lesson-body', renderMarkdown(withoutTitle(lesson.content || '', lesson.title))));
  main.append(article);
  // Render time of the lesson itself (fetch, from the service worker's cache when offline, and DOM).
  const renderMs = performance.now() - started;
  performance.measure('lesson-render', { start: started, end: started + renderMs });
  document.body.dataset.lessonRenderMs = renderMs.toFixed(1);
  // And since the page started loading (shell, scripts and lesson all included).
  document.body.dataset.lessonShownAt = (started + renderMs).toFixed(1);

  const side = h('aside.card', { 'aria-label': 'About this lesson' });
  article.after(side);
  if (lesson.prerequisites?.length) {
    const [progress, all] = await Promise.all([myProgress(), allLessons().catch(() => [])]);
    const titles = Object.fromEntries(all.map((l) => [l.id, l.title]));
    side.append(h('h2', 'Before this lesson'), h('ul', lesson.prerequisites.map((p) =>
      h('li', h('a', { href: `#/lessons/${encodeURIComponent(p)}` }, titles[p] || p), ' ',
        progress[p] === 'completed' ? h('span.state.state-done', 'done') : h('span.state.state-locked', 'not yet')))));
  }
  const quizBox = h('section.quiz', { 'aria-labelledby': 'quiz-title' });
  side.after(quizBox);
  await renderQuiz(quizBox, lesson);

  if (session()) {
    // The server credits reading time only since a start it saw itself (docs/api.md), so the start
    // goes straight out when online; a start queued offline would arrive with the time it starts.
    if (navigator.onLine) {
      api('/progress', { method: 'POST', body: { type: 'lesson_started', lessonId: lesson.id },
        headers: { 'idempotency-key': `start-${globalThis.Wave3Outbox.uuid()}` } }).catch(() => undefined);
    }
    const status = h('div', { 'aria-live': 'polite' });
    const finish = h('button', { type: 'button', id: 'complete-lesson' }, 'Mark lesson complete');
    finish.addEventListener('click', async () => {
      finish.disabled = true;
      status.replaceChildren();
      try {
        // The server scores the completion from its own grades of the quiz answers.
        const event = { type: 'lesson_completed', lessonId: lesson.id };
        // Reading time since the lesson opened, capped at the server's one-day limit.
        const durationMs = Math.min(86_400_000, Math.round(performance.now() - started));
        const result = await sendProgress([event, { type: 'time_spent', lessonId: lesson.id, durationMs }]);
        status.append(notice(result.queued ? 'Saved on this device; it will be sent when you are back online.' : 'Lesson completed. Well done!', 'success'));
      } catch (e) {
        status.append(notice(e.message, 'error'));
        finish.disabled = false;
      }
    });
    quizBox.after(h('div.card', finish, status));
  }
}
