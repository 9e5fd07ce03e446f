// The ring of an incoming call: a tone made with WebAudio (no sound file), 450 Hz for 1 s every 4 s like
// a Chinese telephone's ring-back cadence, and a desktop notification while the tab is hidden. Browsers
// start audio and grant notifications only after a user gesture: unlock() is called from the sign-in
// click.

const TONE_HZ = 450;
const TONE_S = 1;
const CADENCE_MS = 4000;
const VOLUME = 0.2;

export class Ringer {
  constructor() {
    this.audio = null;
    this.timer = null;
    this.notification = null;
    this.ringing = false;
    this.tonesPlayed = 0;
  }

  /** Within a user gesture: allow sound, and ask once whether desktop notifications may be shown. */
  unlock() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!this.audio && Context) this.audio = new Context();
    if (this.audio && this.audio.state === 'suspended') this.audio.resume();
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission();
  }

  /** Rings until stop(); a notification when the person is looking at another tab or window. */
  start(title, body, tag) {
    if (this.ringing) return;
    this.ringing = true;
    this.tone();
    this.timer = setInterval(() => this.tone(), CADENCE_MS);
    if (document.visibilityState === 'hidden' && 'Notification' in window && Notification.permission === 'granted') {
      this.notification = new Notification(title, { body, tag, requireInteraction: true });
      this.notification.onclick = () => window.focus();
    }
  }

  stop() {
    this.ringing = false;
    clearInterval(this.timer);
    this.timer = null;
    if (this.notification) this.notification.close();
    this.notification = null;
  }

  tone() {
    if (!this.audio) return;
    const now = this.audio.currentTime;
    const oscillator = this.audio.createOscillator();
    const gain = this.audio.createGain();
    oscillator.frequency.value = TONE_HZ;
    // short ramps: no click at the start and end of each tone
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(VOLUME, now + 0.02);
    gain.gain.setValueAtTime(VOLUME, now + TONE_S - 0.02);
    gain.gain.linearRampToValueAtTime(0, now + TONE_S);
    oscillator.connect(gain).connect(this.audio.destination);
    oscillator.start(now);
    oscillator.stop(now + TONE_S);
    this.tonesPlayed++;
  }
}
