// A county expert's recent consults, newest first, from the clinical record (GET /api/me/consults):
// when, the patient (a button to the patient's page), who took part, the reason.
import { $, el } from '../dom.js';
import { formatDateTime, label } from '../i18n.js';

export class RecentConsultsScreen {
  constructor({ api, onOpen }) {
    this.api = api;
    this.onOpen = onOpen;
  }

  show() {
    $('recentConsults').hidden = false;
  }

  async load() {
    const status = $('recentStatus');
    $('recentConsults').dataset.state = 'loading';
    label(status, 'records.loading');
    try {
      const { consults } = await this.api.get('/api/me/consults');
      $('recentConsults').dataset.state = 'shown';
      if (consults.length) {
        status.replaceChildren();
        delete status.dataset.i18n;
      } else label(status, 'records.recentNone');
      $('recentList').replaceChildren(...consults.map((c) => this.item(c)));
    } catch (e) {
      $('recentConsults').dataset.state = 'unavailable';
      label(status, e.code === 'records_not_configured' ? 'records.notConfigured' : 'records.unavailable');
      $('recentList').replaceChildren();
    }
  }

  item(c) {
    const li = el('li', { attrs: { class: 'consult', 'data-call-id': c.callId } });
    li.append(el('span', { data: formatDateTime(c.start), attrs: { class: 'when' } }), ' ');
    if (c.patientId) {
      const open = el('button', {
        data: c.patientName || c.patientId,
        attrs: { type: 'button', class: 'link', 'data-open-record': c.patientId },
      });
      open.onclick = () => this.onOpen({ patientId: c.patientId, name: c.patientName || c.patientId }, open);
      li.append(open);
    }
    li.append(el('span', { text: [`records.status.${c.status}`], attrs: { class: 'outcome' } }));
    const who = el('div');
    who.append(el('span', { text: ['records.participants'] }), el('span', { data: c.participants.map((p) => p.name).join('、') }));
    li.append(who);
    if (c.reasons.length) {
      const reason = el('div');
      reason.append(el('span', { text: ['records.reason'] }), el('span', { data: c.reasons.join('；') }));
      li.append(reason);
    }
    return li;
  }
}
