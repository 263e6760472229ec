// Live notifications: the WebSocket `/api/v1/ws?token=…` with reconnect and back-off, and the
// unread count (from `GET /notifications?unread=true`, then kept up to date by the socket).
import { api, session } from './api.js';

export class Live extends EventTarget {
  constructor() {
    super();
    this.unread = 0;
    this.available = true;
    this.socket = null;
    this.retry = 0;
    this.timer = null;
    this.wanted = false;
  }

  async start(token) {
    this.wanted = true;
    this.token = token;
    await this.refreshCount();
    if (this.available) this.connect();
  }

  stop() {
    this.wanted = false;
    clearTimeout(this.timer);
    if (this.socket) { this.socket.onclose = null; this.socket.close(); }
    this.socket = null;
    this.setUnread(0);
  }

  reconnect() {
    if (!this.wanted || !this.available) return;
    if (this.socket && this.socket.readyState <= 1) return;
    this.retry = 0;
    this.connect();
  }

  setUnread(n) {
    this.unread = Math.max(0, n);
    this.dispatchEvent(new Event('change'));
  }

  async refreshCount() {
    try {
      let count;
      try {
        count = (await api('/notifications/unread-count')).count;
      } catch (e) {
        if (!e.missingFeature) throw e;
        const page = await api('/notifications?unread=true&limit=100');
        count = (page?.items || []).filter((n) => !n.readAt).length;
      }
      this.available = true;
      this.setUnread(count);
    } catch (e) {
      // 404: this server has no notifications yet; the screen says so, the socket stays closed.
      if (e.missingFeature) this.available = false;
    }
  }

  connect() {
    clearTimeout(this.timer);
    const token = session()?.token || this.token;
    if (!token || !this.wanted) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${location.host}/api/v1/ws?token=${encodeURIComponent(token)}`);
    } catch (e) {
      return this.later();
    }
    this.socket = socket;
    socket.onopen = () => { this.retry = 0; document.documentElement.dataset.live = 'open'; this.refreshCount(); };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === 'notification') {
        const n = message.notification || message;
        this.setUnread(this.unread + 1);
        this.dispatchEvent(new CustomEvent('notification', { detail: n }));
      } else {
        this.dispatchEvent(new CustomEvent(message.type || 'message', { detail: message }));
      }
    };
    socket.onclose = () => { this.socket = null; document.documentElement.dataset.live = 'closed'; this.later(); };
  }

  later() {
    if (!this.wanted) return;
    // Exponential back-off with jitter, capped at 30 s, so a restarted server isn't stampeded.
    const delay = Math.min(30000, 500 * 2 ** this.retry++) * (0.5 + Math.random() / 2);
    this.timer = setTimeout(() => { if (navigator.onLine) this.connect(); else this.later(); }, delay);
  }
}
