// Practitioners I may see (presence.subscribe): township doctors see their colleagues, experts see
// experts, dispatchers and admins every clinician. Each with status and duty, and a button to call them.
import { $, el, guarded } from '../dom.js';

export class ColleaguesScreen {
  constructor({ client, me }) {
    this.client = client;
    this.me = me;
    this.people = new Map();
  }

  /** The presence.subscribe reply: every party I may see (TVs are the patient screens' business). */
  set(entries) {
    this.people.clear();
    entries.filter((p) => p.kind === 'practitioner').forEach((p) => this.people.set(p.partyId, p));
    this.render();
  }

  presence(msg) {
    if (msg.kind !== 'practitioner' || !this.people.has(msg.partyId)) return;
    this.people.set(msg.partyId, { ...this.people.get(msg.partyId), ...msg });
    this.render();
  }

  render() {
    const items = [...this.people.values()]
      .filter((p) => p.partyId !== this.me().id)
      .map((p) => {
        const li = el('li');
        const status = el('span', {
          text: [p.onDuty ? 'colleagues.entryOnDuty' : 'colleagues.entry', { name: p.name, status: { key: 'status.' + p.status } }],
          attrs: { class: 'status ' + p.status },
        });
        const call = el('button', { text: ['colleagues.call'], attrs: { type: 'button' } });
        call.dataset.practitionerId = p.partyId;
        call.onclick = () => guarded(() => this.client.createCall({ kind: 'practitioner', id: p.partyId }));
        li.append(status, ' ', call);
        return li;
      });
    $('colleagueList').replaceChildren(...(items.length ? items : [el('li', { text: ['colleagues.none'] })]));
  }
}
