// Keeps the signed-in person connected: when the socket drops, say "reconnecting" and try again with
// growing pauses (1, 2, 4, 8, then every 15 s, each with some jitter so a county's browsers do not all
// come back in the same second after a server restart). On the new socket the server sends a call.update
// for every call the person is still a member of; the consult screen rejoins (call.rejoin) a call in
// which it was DISCONNECTED, within the server's grace period (docs/protocol.md "Timers").

export const CONNECTED = 'connected';
export const RECONNECTING = 'reconnecting';
export const OFFLINE = 'offline';

const DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

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

  /** First connection after sign-in. */
  async open(token) {
    const welcome = await this.client.connect(token);
    this.running = true;
    this.attempt = 0;
    this.setState(CONNECTED);
    return welcome;
  }

  /** Sign-out: close for good. */
  stop() {
    this.running = false;
    clearTimeout(this.timer);
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
