// The API client: JSON in and out, the signed-in user's tokens (kept in IndexedDB so the service
// worker can replay queued progress with them), refresh on 401, and errors as ApiError.
const Outbox = globalThis.Wave3Outbox;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `request failed (${status})`);
    this.status = status;
    this.code = code || 'http_error';
  }
  /** 404 on a route (or 501): the feature isn't on this server yet. */
  get missingFeature() { return this.status === 404 || this.status === 501; }
  get offline() { return this.status === 0 || this.code === 'offline'; }
}

let auth = null; // {token, refreshToken, user}

export async function loadSession() {
  auth = (await Outbox.kvGet('auth')) || null;
  return auth;
}
export const session = () => auth;
export const isAdmin = () => auth?.user?.role === 'admin';

export async function setSession(data) {
  auth = data ? { token: data.token, refreshToken: data.refreshToken || null, user: data.user } : null;
  if (auth) await Outbox.kvSet('auth', auth);
  else await Outbox.kvDelete('auth');
  return auth;
}

export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const h = { accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (auth?.token) h.authorization = `Bearer ${auth.token}`;
    let res;
    try {
      res = await fetch(`/api/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, 'offline', 'You are offline and this is not saved on this device yet.');
    }
    if (res.status === 401 && attempt === 0 && auth?.refreshToken) {
      const next = await Outbox.refresh(auth.token);
      if (next && next.token !== auth.token) { auth = next; continue; }
    }
    if (res.status === 204) return null;
    let data = null;
    const text = await res.text();
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!res.ok) {
      if (res.status === 401 && auth) await setSession(null);
      throw new ApiError(res.status, data?.error?.code, data?.error?.message);
    }
    return data;
  }
  throw new ApiError(401, 'unauthorized', 'Please sign in again.');
}

/** Progress goes through the offline queue: {queued: true} when it will be sent later. */
export async function sendProgress(events) {
  const result = await Outbox.submit(events);
  if (result.queued) {
    // Background Sync where the browser has it; the page also replays on `online` and at start.
    navigator.serviceWorker?.ready.then((reg) => reg.sync?.register('progress-sync')).catch(() => undefined);
    document.dispatchEvent(new Event('wave3:queued'));
  }
  return result;
}

export async function replayOutbox() {
  try {
    return await Outbox.replay();
  } catch (e) {
    return { sent: 0, dropped: 0, remaining: -1 };
  }
}
export const pendingCount = async () => (await Outbox.pending()).filter((e) => e.userId === auth?.user?.id).length;
