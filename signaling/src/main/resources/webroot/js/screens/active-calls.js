// The calls I may see that ring or are live (GET /api/calls), with who is in them.
import { $, el } from '../dom.js';

export class ActiveCallsScreen {
  constructor({ api }) {
    this.api = api;
  }

  async refresh() {
    let body;
    try {
      body = await this.api.get('/api/calls');
    } catch (e) {
      return; // the next call.update refreshes again
    }
    const items = (body.calls || []).map((c) => {
      const li = el('li', {
        text: [
          'calls.entry',
          {
            patient: c.patientName || { key: 'calls.noPatient' },
            state: { key: 'callState.' + c.state },
            time: { instant: c.createdAt },
            members: c.members.map((m) => ({ key: 'calls.member', params: { name: m.name, state: { key: 'member.' + m.state } } })),
          },
        ],
      });
      li.dataset.callId = c.id;
      return li;
    });
    $('callList').replaceChildren(...(items.length ? items : [el('li', { text: ['calls.none'] })]));
  }
}
