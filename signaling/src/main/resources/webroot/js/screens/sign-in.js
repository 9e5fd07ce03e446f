// Sign in with login and password (POST /api/login), and sign out. The sign-in click is also the user
// gesture that lets the ringer play sound and ask for desktop notifications.
import { $, formJson } from '../dom.js';
import { label, t } from '../i18n.js';

export class SignInScreen {
  /**
   * @param client the ConsultClient
   * @param ringer the Ringer (unlocked by the click)
   * @param onSignedIn (loginReply) => Promise: opens the console
   */
  constructor({ client, ringer, onSignedIn }) {
    this.client = client;
    $('loginForm').addEventListener('submit', async (e) => {
      e.preventDefault();
      ringer.unlock();
      const { login, password } = formJson(e.target);
      $('loginError').textContent = '';
      try {
        const reply = await client.login(login, password);
        await onSignedIn(reply);
        e.target.reset();
      } catch (err) {
        const key = 'error.' + (err.code || 'unreachable');
        label($('loginError'), t(key) === key ? 'error.unreachable' : key);
      }
    });
  }

  show() {
    $('login').hidden = false;
    $('console').hidden = true;
    $('loginForm').elements.login.focus();
  }

  hide() {
    $('login').hidden = true;
    $('console').hidden = false;
  }
}
