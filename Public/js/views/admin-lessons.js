// Admin: lessons (list, create, edit with prerequisites, delete). A prerequisite cycle is the
// server's 409, shown as it says.
import { h, labelled, notice, clear } from '../dom.js';
import { api } from '../api.js';
import { renderMarkdown } from '../markdown.js';
import { allLessons, difficultyBadge, subjectName } from './lessons.js';
import { adminNav } from './admin-nav.js';

export async function render(main, ctx) {
  if (ctx.name === 'edit') return editor(main, ctx);
  main.append(h('h1', 'Admin: lessons'), adminNav(), h('p', h('a.btn', { href: '#/admin/lessons/new' }, 'New lesson')));
  const lessons = await allLessons();
  main.append(h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': 'Lessons' }, h('table',
    h('thead', h('tr', ['Title', 'Subject', 'Difficulty', 'Prerequisites', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', lessons.map((l) => h('tr',
      h('td', h('a', { href: `#/lessons/${encodeURIComponent(l.id)}` }, l.title)),
      h('td', subjectName(l.subject)), h('td', difficultyBadge(l.difficulty)),
      h('td', (l.prerequisites || []).join(', ') || '–'),
      h('td', h('a', { href: `#/admin/lessons/${encodeURIComponent(l.id)}`, 'aria-label': `Edit ${l.title}` }, 'Edit'))))))));
}

async function editor(main, { params, go }) {
  const id = params[0] === 'new' ? null : params[0];
  main.append(h('h1', id ? 'Edit lesson' : 'New lesson'), adminNav());
  const [lessons, lesson] = await Promise.all([allLessons(), id ? api(`/lessons/${encodeURIComponent(id)}`) : null]);
  const subjects = [...new Set(lessons.map((l) => l.subject))];
  const title = h('input', { type: 'text', required: true, maxlength: '200', value: lesson?.title || '' });
  const subject = h('select', { required: true }, subjects.map((s) => h('option', { value: s, selected: s === lesson?.subject }, subjectName(s))));
  const skills = h('input', { type: 'text', value: (lesson?.skills || []).join(', ') });
  const minutes = h('input', { type: 'number', min: '1', max: '600', required: true, value: String(lesson?.estimatedMinutes || 10) });
  const prereqs = h('select', { multiple: true, size: '8' }, lessons.filter((l) => l.id !== id).map((l) =>
    h('option', { value: l.id, selected: (lesson?.prerequisites || []).includes(l.id) }, `${l.title} (${l.id})`)));
  const content = h('textarea', { rows: '16', required: true }, lesson?.content || '');
  const preview = h('div.lesson-body.card', { 'aria-live': 'off' });
  const status = h('div', { 'aria-live': 'assertive' });
  const showPreview = () => { clear(preview); preview.append(renderMarkdown(content.value)); };
  content.addEventListener('input', showPreview);
  showPreview();
  const form = h('form.card',
    labelled('Title', title), labelled('Subject', subject),
    labelled('Skills', skills, 'Comma-separated skill ids, e.g. math.fractions'),
    labelled('Estimated minutes', minutes),
    labelled('Prerequisites', prereqs, 'Hold Ctrl (or Cmd) to pick several.'),
    labelled('Content (Markdown)', content),
    h('div.actions', h('button', { type: 'submit' }, 'Save lesson'),
      id ? h('button.danger', { type: 'button', onclick: remove }, 'Delete') : null),
    status);
  async function remove() {
    if (!confirm('Delete this lesson?')) return;
    try { await api(`/lessons/${encodeURIComponent(id)}`, { method: 'DELETE' }); go('/admin/lessons'); } catch (e) { status.replaceChildren(notice(e.message, 'error')); }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      title: title.value.trim(), subject: subject.value, content: content.value,
      estimatedMinutes: Number(minutes.value),
      skills: skills.value.split(',').map((s) => s.trim()).filter(Boolean),
      prerequisites: [...prereqs.selectedOptions].map((o) => o.value),
    };
    try {
      const saved = await api(id ? `/lessons/${encodeURIComponent(id)}` : '/lessons', { method: id ? 'PUT' : 'POST', body });
      status.replaceChildren(notice(`Saved “${saved.title}”.`, 'success'));
      if (!id) go(`/admin/lessons/${encodeURIComponent(saved.id)}`);
    } catch (e) {
      status.replaceChildren(notice(e.status === 409 ? `Not saved: ${e.message}` : e.message, 'error'));
    }
  });
  main.append(form, h('h2', 'Preview'), preview);
}
