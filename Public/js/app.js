// The app shell: hash routes → views, the navigation bar, the signed-in session, the service
// worker (registration, update banner, offline replay) and the live notification socket.
import { h, clear, notice } from './dom.js';
import { api, loadSession, session, isAdmin, setSession, replayOutbox, pendingCount, ApiError } from './api.js';
import { Live } from './live.js';

const routes = [
  { path: /^\/login$/, view: () => import('./views/auth.js'), name: 'login', public: true },
  { path: /^\/signup$/, view: () => import('./views/auth.js'), name: 'signup', public: true },
  { path: /^\/lessons$/, view: () => import('./views/lessons.js'), public: true },
  { path: /^\/lessons\/([^/]+)$/, view: () => import('./views/lesson.js'), public: true },
  { path: /^\/progress$/, view: () => import('./views/progress.js') },
  { path: /^\/recommendations$/, view: () => import('./views/recommendations.js') },
  { path: /^\/leaderboards$/, view: () => import('./views/leaderboards.js') },
  { path: /^\/notifications$/, view: () => import('./views/notifications.js') },
  { path: /^\/admin\/lessons$/, view: () => import('./views/admin-lessons.js'), admin: true },
  { path: /^\/admin\/lessons\/(new|[^/]+)$/, view: () => import('./views/admin-lessons.js'), name: 'edit', admin: true },
  { path: /^\/admin\/experiments$/, view: () => import('./views/admin-experiments.js'), admin: true },
  { path: /^\/admin\/experiments\/new$/, view: () => import('./views/admin-experiments.js'), name: 'new', admin: true },
  { path: /^\/admin\/experiments\/([^/]+)$/, view: () => import('./views/admin-results.js'), admin: true },
  { path: /^\/admin\/broadcast$/, view: () => import('./views/admin-broadcast.js'), admin: true },
  { path: /^\/admin\/models$/, view: () => import('./views/admin-models.js'), admin: true },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const banners = document.getElementById('banners');
export const live = new Live();
let renderToken = 0;

function parseHash() {
  const raw = decodeURIComponent((location.hash || '#/lessons').slice(1)) || '/lessons';
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

export function go(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

function link(href, label, extra) {
  const current = location.hash.startsWith(href) ? 'page' : null;
  return h('a', { href, 'aria-current': current }, label, extra);
}

function drawNav() {
  clear(nav);
  const s = session();
  const items = [link('#/lessons', 'Lessons')];
  if (s) {
    const badge = h('span.count', { 'aria-label': `${live.unread} unread` }, String(live.unread));
    badge.hidden = live.unread === 0;
    items.push(link('#/recommendations', 'For you'), link('#/progress', 'Progress'), link('#/leaderboards', 'Leaderboards'),
      link('#/notifications', 'Notifications ', badge));
    if (isAdmin()) items.push(link('#/admin/lessons', 'Admin'));
    items.push(h('button.link', { type: 'button', onclick: signOut }, 'Sign out'));
  } else {
    items.push(link('#/login', 'Log in'), link('#/signup', 'Sign up'));
  }
  nav.append(h('ul', items.map((i) => h('li', i))));
}

async function signOut() {
  live.stop();
  // Revokes the refresh tokens where the server has them; signing out works offline all the same.
  await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
  await setSession(null);
  navigator.serviceWorker?.controller?.postMessage({ type: 'signed-out' });
  drawNav();
  go('/login');
}

export async function signedIn(data) {
  await setSession(data);
  live.start(session().token);
  drawNav();
}

async function route() {
  // In-page anchors (the skip link) are not routes.
  if (location.hash && !location.hash.startsWith('#/')) return;
  const token = ++renderToken;
  const { path, query } = parseHash();
  const match = routes.map((r) => ({ r, m: path.match(r.path) })).find((x) => x.m);
  drawNav();
  if (!match) return go('/lessons');
  if (!match.r.public && !session()) return go(`/login?next=${encodeURIComponent(path)}`);
  const mod = await match.r.view();
  if (token !== renderToken) return;
  clear(main);
  if (match.r.admin && !isAdmin()) {
    main.append(h('h1', 'Admins only'), notice('Sign in with an admin account to use this page.', 'error'));
  } else {
    try {
      await mod.render(main, { params: match.m.slice(1), query, name: match.r.name, go, signedIn, live });
    } catch (e) {
      if (token !== renderToken) return;
      clear(main);
      main.append(h('h1', 'Something went wrong'), notice(e instanceof ApiError && e.offline
        ? 'You are offline, and this page has not been saved on this device yet.' : e.message, 'error'));
    }
  }
  if (token !== renderToken) return;
  // Focus follows the route change so keyboard and screen-reader users land on the new page.
  const heading = main.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: false }); }
  document.title = `${heading ? heading.textContent : 'Wave 3'} · Wave 3`;
}

function banner(id, text, action) {
  document.getElementById(id)?.remove();
  const el = h('div.banner', { id, role: 'status' }, h('span', text), action);
  banners.append(el);
  return el;
}

async function showQueue(summary) {
  if (summary) window.dispatchEvent(new CustomEvent('wave3:outbox', { detail: summary }));
  const n = await pendingCount().catch(() => 0);
  document.getElementById('queue-banner')?.remove();
  if (n > 0) banner('queue-banner', `${n} answer${n === 1 ? '' : 's'} saved on this device, sent when you are back online.`);
  document.body.dataset.pending = String(n);
}
export { showQueue };

async function replay() {
  await showQueue(await replayOutbox());
}

function showOnline() {
  document.getElementById('offline-banner')?.remove();
  if (!navigator.onLine) banner('offline-banner', 'You are offline. Opened lessons still work; answers are kept and sent later.');
}

async function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  const reg = await navigator.serviceWorker.register('/service-worker.js', { scope: '/' });
  const offer = (worker) => banner('update-banner', 'A new version of Wave 3 is ready.',
    h('button', { type: 'button', onclick: () => worker.postMessage({ type: 'skip-waiting' }) }, 'Reload to update'));
  if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !document.getElementById('update-banner')) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type === 'outbox') showQueue(event.data.summary);
  });
  // Look for a new version now and then, as a long-open tab would otherwise never see one.
  setInterval(() => reg.update().catch(() => undefined), 30 * 60 * 1000);
}

live.addEventListener('change', () => {
  const badge = nav.querySelector('.count');
  if (badge) {
    badge.textContent = String(live.unread);
    badge.setAttribute('aria-label', `${live.unread} unread`);
    badge.hidden = live.unread === 0;
  }
});
live.addEventListener('notification', (e) => {
  const n = e.detail;
  const toast = banner('toast', `${n.title || 'Notification'}: ${n.body || ''}`,
    h('button', { type: 'button', onclick: () => toast.remove() }, 'Dismiss'));
  toast.classList.add('toast');
});

async function start() {
  document.querySelector('.skip-link')?.addEventListener('click', (event) => { event.preventDefault(); main.focus(); });
  await loadSession();
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => { showOnline(); replay(); live.reconnect(); });
  window.addEventListener('offline', showOnline);
  document.addEventListener('wave3:queued', () => showQueue());
  showOnline();
  if (session()) live.start(session().token);
  await route();
  registerWorker().catch((e) => console.warn('service worker', e));
  replay(); // at start-up: whatever an earlier visit left queued
}

start();
