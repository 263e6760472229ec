// Wave 3's service worker (docs/pwa.md). The server replaces __ASSET_VERSION__ with a hash of the
// app's files, so any change makes this script differ byte-wise: the browser installs the new
// worker, which precaches the new shell under a new cache name and waits until the page asks it
// to take over ("A new version is ready"); activation then removes every older cache.
const VERSION = '__ASSET_VERSION__';
importScripts(`/assets/${VERSION}/js/outbox.js`);

const SHELL_CACHE = `wave3-shell-${VERSION}`;
const LESSON_CACHE = 'wave3-lessons-v1';
const API_CACHE = 'wave3-api-v1';
const ASSET_FILES = [
  'css/app.css', 'js/app.js', 'js/api.js', 'js/dom.js', 'js/markdown.js', 'js/outbox.js', 'js/live.js',
  'js/views/auth.js', 'js/views/lessons.js', 'js/views/lesson.js', 'js/views/quiz.js', 'js/views/progress.js',
  'js/views/recommendations.js', 'js/views/leaderboards.js', 'js/views/notifications.js',
  'js/views/admin-lessons.js', 'js/views/admin-experiments.js', 'js/views/admin-results.js',
  'js/views/admin-broadcast.js', 'js/views/admin-models.js', 'js/views/admin-nav.js',
];
const SHELL = ['/', '/offline.html', '/manifest.json', '/icons/icon-192.png',
  ...ASSET_FILES.map((f) => `/assets/${VERSION}/${f}`)];
const KEEP = new Set([SHELL_CACHE, LESSON_CACHE, API_CACHE]);

self.addEventListener('install', (event) => {
  // Versioned URLs may come from the HTTP cache (they never change); the others are revalidated.
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) =>
    cache.addAll(SHELL.map((url) => new Request(url, { cache: url.startsWith('/assets/') ? 'default' : 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('wave3-') && !KEEP.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
    await replayAndTell();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'skip-waiting') self.skipWaiting();
  else if (type === 'replay') event.waitUntil(replayAndTell());
  else if (type === 'signed-out') event.waitUntil(Promise.all([caches.delete(API_CACHE)]));
});

self.addEventListener('sync', (event) => {
  if (event.tag === 'progress-sync') {
    event.waitUntil(replayAndTell().then((summary) => {
      // Rejecting asks the browser to retry the sync later, with its own back-off.
      if (summary.remaining > 0) throw new Error('progress still queued');
    }));
  }
});

async function replayAndTell() {
  let summary = { sent: 0, dropped: 0, remaining: 0, results: [] };
  try { summary = await self.Wave3Outbox.replay(); } catch (e) { summary.remaining = -1; }
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage({ type: 'outbox', summary });
  }
  return summary;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return; // progress is queued by the page, never cached here
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request, path));
  } else if (path.startsWith('/assets/') || path.startsWith('/icons/') || path === '/manifest.json') {
    event.respondWith(cacheFirst(request));
  } else if (/^\/api\/v1\/lessons\/[^/]+(\/quiz)?$/.test(path)) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else if (path.startsWith('/api/v1/') && !path.startsWith('/api/v1/ws') && !path.startsWith('/api/v1/auth/')) {
    event.respondWith(networkFirst(request));
  }
});

/** The app is one page with hash routes: its shell answers every navigation to `/`. */
async function navigation(request, path) {
  if (path === '/' || path === '/index.html') {
    const cached = await caches.match('/', { cacheName: SHELL_CACHE });
    if (cached) return cached;
  }
  try {
    return await fetch(request);
  } catch (e) {
    return (await caches.match('/offline.html')) || new Response('offline', { status: 503 });
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(API_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

/** Lessons once opened: from the cache at once (offline too), refreshed in the background. */
async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(LESSON_CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  const refresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh.catch(() => offlineJSON());
}

/** API reads: the network's answer when there is one, the last one seen when offline. */
async function networkFirst(request) {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !request.headers.has('range')) await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) {
      const headers = new Headers(cached.headers);
      headers.set('x-wave3-from-cache', '1');
      return new Response(cached.body, { status: cached.status, headers });
    }
    return offlineJSON();
  }
}

function offlineJSON() {
  return new Response(JSON.stringify({ error: { code: 'offline', message: 'You are offline and this has not been saved on this device yet.' } }),
    { status: 503, headers: { 'content-type': 'application/json', 'x-wave3-offline': '1' } });
}
