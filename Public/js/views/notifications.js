// Notifications: the list (newest first), mark read, and new ones arriving live.
import { h, notice, formatDate } from '../dom.js';
import { api } from '../api.js';

export async function render(main, { live }) {
  main.append(h('h1', 'Notifications'));
  const list = h('ul.notes', { id: 'notification-list' });
  let data;
  try {
    data = await api('/notifications?limit=50');
  } catch (e) {
    main.append(notice(e.missingFeature ? 'Notifications are not available yet.' : e.message, e.missingFeature ? 'info' : 'error'));
    return;
  }
  const item = (n) => {
    const read = h('button', { type: 'button', disabled: !!n.readAt }, n.readAt ? 'Read' : 'Mark read');
    read.addEventListener('click', async () => {
      read.disabled = true;
      try {
        await api(`/notifications/${encodeURIComponent(n.id)}/read`, { method: 'POST' });
        read.textContent = 'Read';
        li.classList.remove('unread');
        live.setUnread(live.unread - 1);
      } catch (e) { read.disabled = false; }
    });
    const li = h(n.readAt ? 'li.card' : 'li.card.unread', { dataset: { id: n.id } },
      h('h2', n.title || 'Notification', n.priority >= 5 ? h('span.badge.level-expert', ' important') : null),
      h('p', n.body || ''), h('p.meta', formatDate(n.createdAt)), read);
    return li;
  };
  for (const n of data.items || []) list.append(item(n));
  const empty = notice('No notifications yet.');
  if (!list.children.length) main.append(empty);
  main.append(list);
  const onLive = (e) => { empty.remove(); list.prepend(item({ createdAt: new Date().toISOString(), ...e.detail })); };
  live.addEventListener('notification', onLive);
  window.addEventListener('hashchange', () => live.removeEventListener('notification', onLive), { once: true });
}
