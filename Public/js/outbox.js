// Offline progress queue, shared by the page (a classic <script>) and the service worker
// (importScripts), so both replay the same way (docs/pwa.md, "Offline progress").
// Each entry is stored BEFORE the first try, with its Idempotency-Key and its exact body (whose
// events carry client ids); every replay sends those same bytes under that same key, so the server
// counts an entry once however often the page, Background Sync or a restart replays it.
(function (global) {
  'use strict';
  const DB = 'wave3';
  const VERSION = 1;
  let opening = null;

  function open() {
    if (opening) return opening;
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
        if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { opening = null; reject(req.error); };
    });
    return opening;
  }

  async function tx(store, mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = fn(t.objectStore(store));
      t.oncomplete = () => resolve(result && 'result' in result ? result.result : result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }

  const kvGet = (key) => tx('kv', 'readonly', (s) => s.get(key));
  const kvSet = (key, value) => tx('kv', 'readwrite', (s) => { s.put(value, key); });
  const kvDelete = (key) => tx('kv', 'readwrite', (s) => { s.delete(key); });
  const enqueue = (entry) => tx('outbox', 'readwrite', (s) => { s.put(entry); });
  const remove = (key) => tx('outbox', 'readwrite', (s) => { s.delete(key); });
  async function pending() {
    const all = await tx('outbox', 'readonly', (s) => s.getAll());
    return (all || []).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Runs fn alone across the page and the service worker (Web Locks), or directly where absent. */
  function exclusive(name, fn) {
    const locks = global.navigator && global.navigator.locks;
    return locks ? locks.request(name, fn) : fn();
  }

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    const b = global.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const x = Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }

  /** New access token from the stored refresh token; `seen` is the token that just failed. */
  async function refresh(seen) {
    return exclusive('wave3-auth', async () => {
      const auth = await kvGet('auth');
      if (!auth) return null;
      if (auth.token !== seen) return auth; // someone else refreshed meanwhile
      if (!auth.refreshToken) return null;
      let res;
      try {
        res = await fetch('/api/v1/auth/refresh', {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: auth.refreshToken }),
        });
      } catch (e) { return null; }
      if (!res.ok) return null;
      const data = await res.json();
      const next = Object.assign({}, auth, { token: data.token, refreshToken: data.refreshToken || auth.refreshToken });
      await kvSet('auth', next);
      return next;
    });
  }

  /** One try of one entry: 'sent' (answer stored), 'dropped' (the server refused it for good), or 'retry'. */
  async function sendOne(entry) {
    let auth = await kvGet('auth');
    if (!auth || !auth.token) return { state: 'retry' };
    for (let attempt = 0; attempt < 2; attempt++) {
      let res;
      try {
        res = await fetch('/api/v1/progress', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${auth.token}`, 'idempotency-key': entry.key },
          body: entry.body,
        });
      } catch (e) {
        return { state: 'retry' };
      }
      if (res.status === 401 && attempt === 0) {
        auth = await refresh(auth.token);
        if (!auth) return { state: 'retry' };
        continue;
      }
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      if (res.ok) return { state: 'sent', data };
      if (res.status >= 500 || res.status === 401 || res.status === 408 || res.status === 429) return { state: 'retry' };
      return { state: 'dropped', status: res.status, data };
    }
    return { state: 'retry' };
  }

  /** Sends every queued entry in order; stops at the first that must wait for the network. */
  function replay() {
    return exclusive('wave3-outbox', async () => {
      const summary = { sent: 0, dropped: 0, remaining: 0, results: [] };
      const auth = await kvGet('auth');
      // Entries belong to the learner who made them: never sent under someone else's account.
      const entries = (await pending()).filter((e) => auth && auth.user && e.userId === auth.user.id);
      for (let i = 0; i < entries.length; i++) {
        const outcome = await sendOne(entries[i]);
        if (outcome.state === 'retry') { summary.remaining = entries.length - i; break; }
        await remove(entries[i].key);
        if (outcome.state === 'sent') {
          summary.sent++;
          summary.results.push({ key: entries[i].key, data: outcome.data });
        } else {
          summary.dropped++;
          await kvSet(`dropped:${entries[i].key}`, { entry: entries[i], status: outcome.status, error: outcome.data });
        }
      }
      return summary;
    });
  }

  /** Queues events and tries once at once. Answers the server's reply, or {queued: true}. */
  async function submit(events) {
    const auth = await kvGet('auth');
    if (!auth || !auth.user) throw new Error('Log in to save progress.');
    const stamped = events.map((e) => Object.assign({ id: uuid(), occurredAt: new Date().toISOString() }, e));
    const entry = { key: uuid(), userId: auth.user.id, body: JSON.stringify({ events: stamped }), createdAt: Date.now() };
    await enqueue(entry);
    return exclusive('wave3-outbox', async () => {
      const still = await tx('outbox', 'readonly', (s) => s.get(entry.key));
      if (!still) return { queued: false, data: null }; // a replay sent it meanwhile
      const outcome = await sendOne(entry);
      if (outcome.state === 'retry') return { queued: true, key: entry.key };
      await remove(entry.key);
      if (outcome.state === 'dropped') {
        const err = new Error((outcome.data && outcome.data.error && outcome.data.error.message) || `refused (${outcome.status})`);
        err.status = outcome.status;
        err.code = outcome.data && outcome.data.error && outcome.data.error.code;
        throw err;
      }
      return { queued: false, key: entry.key, data: outcome.data };
    });
  }

  global.Wave3Outbox = { open, kvGet, kvSet, kvDelete, pending, replay, submit, refresh, uuid };
})(typeof self !== 'undefined' ? self : window);
