// Keeps the signed-in person connected: when the socket drops, say "reconnecting" and try again with
// growing pauses (1, 2, 4, 8, then every 15 s, each with some jitter so a county's browsers do not all
// come back in the same second after a server restart). On the new socket the server sends a call.update
// for every call the person is still a member of; the consult screen rejoins (call.rejoin) a call in
// which it was DISCONNECTED, within the server's grace period (docs/protocol.md "Timers").
// Access tokens live 30 minutes by default: the keeper refreshes the token at half its life, so a
// reconnect (and every REST call) late in a working day still carries a valid one.

export const CONNECTED = 'connected';
export const RECONNECTING = 'reconnecting';
export const OFFLINE = 'offline';

const DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
// half: a token's expiry is whole seconds after its issue, so up to a second of it may be gone already
const REFRESH_AT = 0.5;
const REFRESH_RETRY_MS = 10000;

export class ConnectionKeeper {
  /**
   * @param client a ConsultClient
   * @param onState (state) => void: CONNECTED, RECONNECTING or OFFLINE
   * @param onReconnected (welcome) => void: after a dropped socket was replaced
   * @param onRefused (error) => void: the server no longer accepts the token; sign in again
   */
  constructor(client, { onState, onReconnected, onRefused }) {
    this.client = client;
    this.onState = onState;
    this.onReconnected = onReconnected;
    this.onRefused = onRefused;
    this.state = OFFLINE;
    this.attempt = 0;
    this.timer = null;
    this.refreshTimer = null;
    this.running = false;
    client.on('closed', (e) => {
      if (this.running && !e.byUs) this.scheduleRetry();
    });
    window.addEventListener('online', () => {
      if (this.running && this.state !== CONNECTED) this.retryNow();
    });
    window.addEventListener('offline', () => {
      if (this.running && this.state !== CONNECTED) this.setState(OFFLINE);
    });
  }

  /** First connection after sign-in, with the login reply ({token, expiresIn}). */
  async open(loginReply) {
    const welcome = await this.client.connect(loginReply.token);
    this.running = true;
    this.attempt = 0;
    this.setState(CONNECTED);
    this.scheduleRefresh(loginReply.expiresIn * 1000 * REFRESH_AT);
    return welcome;
  }

  scheduleRefresh(delayMs) {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refreshToken(), Math.max(1000, delayMs));
  }

  async refreshToken() {
    if (!this.running) return;
    try {
      const reply = await this.client.refreshToken();
      this.scheduleRefresh(reply.expiresIn * 1000 * REFRESH_AT);
    } catch (e) {
      if (!this.running) return;
      if (e.code === 'unauthorized') {
        this.stop();
        this.onRefused(e);
      } else {
        this.scheduleRefresh(REFRESH_RETRY_MS); // server unreachable: try again while the token lasts
      }
    }
  }

  /** Sign-out: close for good. */
  stop() {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.refreshTimer);
    this.client.close();
    this.setState(OFFLINE);
  }

  scheduleRetry() {
    clearTimeout(this.timer);
    this.setState(navigator.onLine === false ? OFFLINE : RECONNECTING);
    const base = DELAYS_MS[Math.min(this.attempt, DELAYS_MS.length - 1)];
    this.attempt++;
    this.timer = setTimeout(() => this.retryNow(), base + Math.random() * base * 0.3);
  }

  async retryNow() {
    clearTimeout(this.timer);
    if (!this.running) return;
    this.setState(RECONNECTING);
    try {
      const welcome = await this.client.connect();
      if (!this.running) return;
      this.attempt = 0;
      this.setState(CONNECTED);
      this.onReconnected(welcome);
    } catch (e) {
      if (!this.running) return;
      if (e.code === 'unauthorized') {
        this.stop();
        this.onRefused(e);
      }
      // any other failure: the socket's close schedules the next try
    }
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }
}
