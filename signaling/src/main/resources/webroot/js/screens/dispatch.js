// The dispatcher's screen: the county's live consults (GET /api/calls shows a dispatcher every call),
// who is in each (name, organization, member state) and how long it has run.
//
// Kept current by a light poll, not a push: call.update goes only to a call's members, and a dispatcher
// is a member of none. One small JSON every POLL_MS for the one to three dispatchers of a county costs
// next to nothing and needs no protocol change; the durations tick every second in the page itself.
import { $, el } from '../dom.js';
import { label } from '../i18n.js';

const POLL_MS = 5000;
const TICK_MS = 1000;

export class DispatchScreen {
  /** @param experts the on-duty experts by specialty, refreshed with each poll (optional) */
  constructor({ api, experts = null, now = () => Date.now() }) {
    this.api = api;
    this.experts = experts;
    this.now = now;
    this.calls = [];
    this.timers = [];
  }

  show() {
    $('dispatch').hidden = false;
    this.stop();
    this.timers = [setInterval(() => this.refresh(), POLL_MS), setInterval(() => this.tick(), TICK_MS)];
  }

  /** Sign-out: no more polling (the section goes with the console). */
  stop() {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  async refresh() {
    if (this.experts) this.experts.load();
    let body;
    try {
      body = await this.api.get('/api/calls');
    } catch (e) {
      return; // offline or signed out: the next poll tries again, the connection badge says why
    }
    this.calls = (body.calls || []).filter((c) => c.state !== 'ENDED');
    this.render();
  }

  render() {
    const rows = this.calls.map((c) => {
      const tr = el('tr');
      tr.dataset.callId = c.id;
      const patient = c.patientName
        ? el('th', { data: c.patientName, attrs: { scope: 'row' } })
        : el('th', { text: ['calls.noPatient'], attrs: { scope: 'row' } });
      const who = el('td');
      who.append(members(c));
      tr.append(
        patient,
        el('td', { text: ['callState.' + c.state] }),
        who,
        el('td', { text: ['dispatch.since', { time: { instant: c.answeredAt || c.createdAt } }] }),
        el('td', { data: '', attrs: { class: 'duration' } }),
      );
      return tr;
    });
    $('dispatchRows').replaceChildren(...rows);
    $('dispatchEmpty').hidden = rows.length > 0;
    // relabelled only when the count changes, so a screen reader is not told the same thing every poll
    if ($('dispatchCount').dataset.count !== String(rows.length)) {
      label($('dispatchCount'), 'dispatch.count', { count: rows.length });
      $('dispatchCount').dataset.count = rows.length;
    }
    this.tick();
  }

  /** The running durations: from the answer (or, while it rings, from the call's start) to now. */
  tick() {
    for (const c of this.calls) {
      const cell = $('dispatchRows').querySelector(`tr[data-call-id="${CSS.escape(c.id)}"] .duration`);
      if (cell) cell.textContent = duration(this.now() - Date.parse(c.answeredAt || c.createdAt));
    }
  }
}

function members(call) {
  const list = el('ul', { attrs: { class: 'members' } });
  for (const m of call.members) {
    const li = el('li', {
      text: [
        m.organization ? 'dispatch.member' : 'dispatch.memberNoOrg',
        { name: m.name, organization: m.organization, state: { key: 'member.' + m.state } },
      ],
    });
    li.dataset.party = m.party.id;
    list.append(li);
  }
  return list;
}

/** h:mm:ss or m:ss, the way a stopwatch reads in both languages. */
export function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
