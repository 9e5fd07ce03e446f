// The browser side of the public protocol v1 (docs/protocol.md): one WebSocket, JSON messages,
// request/reply by id/ref. The browser apps and the end-to-end tests build on this; nothing private.

export class ProtocolError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class ConsultClient {
  constructor(baseUrl = location.origin) {
    this.wsUrl = baseUrl.replace(/^http/, 'ws') + '/ws?v=1';
    this.baseUrl = baseUrl;
    this.nextId = 1;
    this.pending = new Map();
    this.handlers = new Map();
    this.me = null;
  }

  /** POST /api/login; returns the token response. */
  async login(login, password) {
    const res = await fetch(this.baseUrl + '/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    const body = await res.json();
    if (!res.ok) throw new ProtocolError(body.code, body.message);
    this.token = body.token;
    return body;
  }

  /** POST /api/refresh: a fresh access token before this one expires; returns the token response. */
  async refreshToken() {
    const res = await fetch(this.baseUrl + '/api/refresh', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + this.token },
    });
    const body = await res.json();
    if (!res.ok) throw new ProtocolError(body.code, body.message);
    this.token = body.token;
    return body;
  }

  /**
   * Opens a socket and says hello; resolves with the welcome message. Called again after a drop (the
   * handlers registered with on() stay). A socket that closes before the welcome rejects it.
   */
  connect(token = this.token) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.wsUrl);
      this.ws = ws;
      this.closedByUs = false;
      ws.onmessage = (e) => this.dispatch(JSON.parse(e.data));
      ws.onclose = (e) => {
        reject(new ProtocolError('unreachable', 'cannot reach the server'));
        if (this.ws !== ws) return;
        this.failPending();
        this.emit('closed', { code: e.code, byUs: this.closedByUs });
      };
      ws.onopen = () => {
        this.request('hello', token ? { v: 1, token } : { v: 1 })
          .then((welcome) => {
            this.me = welcome.party;
            resolve(welcome);
          })
          .catch(reject);
      };
    });
  }

  /** Closes the socket on purpose (sign-out): no reconnecting. */
  close() {
    this.closedByUs = true;
    if (this.ws) this.ws.close();
  }

  /** Requests still waiting when the socket went away get no reply: they fail now. */
  failPending() {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    waiting.forEach((p) => p.reject(new ProtocolError('disconnected', 'the connection to the server dropped')));
  }

  /** Sends a message and resolves with the server's reply to it (or rejects with its error). */
  request(type, body = {}) {
    const id = 'm' + this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
        reject(new ProtocolError('disconnected', 'not connected to the server'));
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ type, id, ...body }));
    });
  }

  /** Listens for server messages of one type ('call.update', 'presence.update', 'media.offer', ...). */
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(handler);
  }

  off(type, handler) {
    const list = this.handlers.get(type) || [];
    this.handlers.set(type, list.filter((h) => h !== handler));
  }

  emit(type, msg) {
    (this.handlers.get(type) || []).forEach((h) => h(msg));
  }

  dispatch(msg) {
    const waiting = msg.ref && this.pending.get(msg.ref);
    if (waiting) {
      this.pending.delete(msg.ref);
      if (msg.type === 'error') waiting.reject(new ProtocolError(msg.code, msg.message));
      else waiting.resolve(msg);
    }
    this.emit(msg.type, msg);
  }

  // Calls
  createCall(target) { return this.request('call.create', { target }); }
  accept(callId) { return this.request('call.accept', { callId }); }
  decline(callId) { return this.request('call.decline', { callId }); }
  cancel(callId) { return this.request('call.cancel', { callId }); }
  leave(callId) { return this.request('call.leave', { callId }); }
  rejoin(callId) { return this.request('call.rejoin', { callId }); }
  end(callId, reason) { return this.request('call.end', reason ? { callId, reason } : { callId }); }
  invite(callId, { expertId, specialty, reason, urgency = 'routine' }) {
    const body = { callId, reason, urgency };
    if (expertId) body.expertId = expertId;
    if (specialty) body.specialty = specialty;
    return this.request('call.invite', body);
  }
  vitals(callId, v) { return this.request('call.vitals', { callId, ...v }); }
  message(callId, text) { return this.request('call.message', { callId, text }); }
  note(callId, reason, note) {
    return this.request('call.note', reason ? { callId, reason, note } : { callId, note });
  }

  // Presence
  subscribePresence() { return this.request('presence.subscribe', {}); }
  setOnDuty(onDuty) { return this.request('presence.set_on_duty', { onDuty }); }
}

/** The member entry of a party in a call snapshot, or undefined. */
export function memberOf(call, partyId) {
  return call.members.find((m) => m.party.id === partyId);
}
