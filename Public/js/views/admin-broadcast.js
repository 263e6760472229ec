// Admin: broadcast a notification to everyone or to listed learners.
import { h, labelled, notice } from '../dom.js';
import { api } from '../api.js';
import { adminNav } from './admin-nav.js';

export async function render(main) {
  main.append(h('h1', 'Admin: broadcast'), adminNav());
  const title = h('input', { type: 'text', required: true, maxlength: '200', id: 'broadcast-title' });
  const body = h('textarea', { rows: '4', required: true, maxlength: '2000', id: 'broadcast-body' });
  const priority = h('select', { id: 'broadcast-priority' }, [['0', 'Normal'], ['5', 'High'], ['10', 'Urgent']].map(([v, t]) => h('option', { value: v }, t)));
  const learners = h('input', { type: 'text', id: 'broadcast-learners' });
  const status = h('div', { 'aria-live': 'assertive' });
  const form = h('form.card', labelled('Title', title), labelled('Message', body), labelled('Priority', priority),
    labelled('Learner ids', learners, 'Comma-separated; leave empty to send to everyone.'),
    h('button', { type: 'submit' }, 'Send'), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ids = learners.value.split(',').map((s) => s.trim()).filter(Boolean);
    const payload = { type: 'broadcast', title: title.value.trim(), body: body.value.trim(), priority: Number(priority.value) };
    if (ids.length) payload.learnerIds = ids;
    try {
      await api('/admin/notifications', { method: 'POST', body: payload });
      status.replaceChildren(notice('Sent. Learners online see it now; the others at their next visit.', 'success'));
      form.reset();
    } catch (e) {
      status.replaceChildren(notice(e.missingFeature ? 'Notifications are not available on this server yet.' : e.message, 'error'));
    }
  });
  main.append(form);
}
