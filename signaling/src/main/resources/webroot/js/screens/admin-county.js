// The admin loads the county file (organizations, practitioners, patients, TVs) while the server runs:
// the chosen file goes as it is to POST /api/admin/county, which checks it whole and names the first
// problem, or takes it at once (new people can sign in and be called without a restart).
import { $, toastError } from '../dom.js';
import { label } from '../i18n.js';

export class AdminCountyScreen {
  /**
   * @param client the protocol client (its token and base URL)
   * @param onLoaded () => void: reload the lists (new patients and TVs)
   */
  constructor({ client, onLoaded }) {
    this.client = client;
    this.onLoaded = onLoaded;
    $('countyFile').onchange = () => {
      const file = $('countyFile').files[0];
      if (file) label($('countyFileName'), 'admin.countyFileChosen', { name: file.name });
      else label($('countyFileName'), 'admin.countyNoFile');
    };
    $('countyForm').onsubmit = (e) => {
      e.preventDefault();
      this.upload();
    };
  }

  show() {
    $('adminCounty').hidden = false;
  }

  /** Nothing to list: the county is shown through the other screens. */
  async load() {}

  async upload() {
    const file = $('countyFile').files[0];
    if (!file) {
      label($('countyResult'), 'admin.countyChoose');
      return;
    }
    try {
      // sent as the file's own text, not re-encoded: the server reports problems in the admin's file
      const res = await fetch(this.client.baseUrl + '/api/admin/county', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + this.client.token, 'content-type': 'application/json' },
        body: await file.text(),
      });
      const reply = await res.json();
      if (res.ok) {
        label($('countyResult'), 'admin.countyLoaded', reply);
        $('countyResult').dataset.outcome = 'loaded';
        this.onLoaded();
      } else if (reply.code === 'invalid_county') {
        label($('countyResult'), 'admin.countyRefused', { problem: reply.message });
        $('countyResult').dataset.outcome = 'refused';
      } else {
        toastError(reply);
      }
    } catch (e) {
      toastError({ code: 'unreachable' });
    }
  }
}
