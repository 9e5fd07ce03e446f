// What a county expert sees while an invitation rings: the patient, the township doctor who invites,
// the reason, the urgency (all from the call snapshot) and the patient's last vitals - those recorded in
// this call so far, else the latest in the record (GET /api/patients/{id}/record). Accept and decline are
// the ringing panel's own buttons (consult.js).
import { $, el } from '../dom.js';
import { formatDateTime, label, t } from '../i18n.js';

const KINDS = ['systolic', 'diastolic', 'heartRate', 'glucose'];

export class InvitationPanel {
  constructor({ client, api, me }) {
    this.api = api;
    this.me = me;
    this.callId = null;
    client.on('call.update', (msg) => this.update(msg.call));
  }

  update(call) {
    const me = this.me();
    if (!me || me.role !== 'COUNTY_EXPERT') return;
    const mine = call.members.find((m) => m.party.id === me.id);
    const invited = mine && mine.state === 'RINGING' && call.state !== 'ENDED' && mine.urgency;
    if (!invited) {
      if (this.callId === call.id) this.hide();
      return;
    }
    if (this.callId === call.id) return; // already shown; a later snapshot changes nothing here
    this.callId = call.id;
    const panel = $('invitation');
    panel.hidden = false;
    panel.dataset.callId = call.id;
    data($('invPatient'), call.patientName || call.patientId || '');
    const by = mine.invitedBy;
    if (by && by.organization) label($('invDoctor'), 'records.invDoctorName', { name: by.name, organization: by.organization });
    else data($('invDoctor'), by ? by.name : '');
    if (by) $('invDoctor').dataset.doctorId = by.id;
    data($('invReason'), mine.reason || '');
    label($('invUrgency'), 'urgency.' + mine.urgency);
    $('invUrgency').dataset.urgency = mine.urgency;
    this.vitals(call);
  }

  async vitals(call) {
    const box = $('invVitals');
    box.dataset.state = 'loading';
    label(box, 'records.loading');
    if (!call.patientId) return;
    try {
      const record = await this.api.get(`/api/patients/${encodeURIComponent(call.patientId)}/record`);
      if (this.callId !== call.id) return;
      const thisCall = record.vitals.filter((v) => v.callId === call.id);
      const shown = thisCall.length ? thisCall : latestReading(record.vitals);
      if (!shown.length) {
        box.dataset.state = 'none';
        label(box, 'records.invVitalsNone');
        return;
      }
      box.dataset.state = thisCall.length ? 'this-call' : 'latest';
      delete box.dataset.i18n;
      const head = thisCall.length
        ? el('span', { text: ['records.invVitalsThisCall'] })
        : el('span', { text: ['records.invVitalsLatest', { time: formatDateTime(shown[0].at) }] });
      const values = KINDS.flatMap((kind) => {
        const v = shown.find((x) => x.kind === kind);
        if (!v) return [];
        const item = el('span', { attrs: { class: 'vital', 'data-kind': kind } });
        item.append(el('span', { text: [`records.kind.${kind}`] }), el('span', { data: ` ${v.value} ${v.unit === 'beats/minute' ? t('records.unitPerMinute') : v.unit || ''} ` }));
        return [item];
      });
      box.replaceChildren(head, ...values);
    } catch (e) {
      if (this.callId !== call.id) return;
      box.dataset.state = 'unavailable';
      label(box, e.code === 'records_not_configured' ? 'records.notConfigured' : e.code === 'forbidden' ? 'records.forbidden' : 'records.unavailable');
    }
  }

  hide() {
    this.callId = null;
    $('invitation').hidden = true;
    delete $('invitation').dataset.callId;
  }
}

/** The values of the newest recording time (one entry of vitals = one time, several kinds). */
function latestReading(vitals) {
  if (!vitals.length) return [];
  const newest = vitals.reduce((a, b) => (Date.parse(a.at) >= Date.parse(b.at) ? a : b));
  return vitals.filter((v) => v.at === newest.at);
}

function data(element, text) {
  delete element.dataset.i18n;
  delete element.dataset.i18nParams;
  element.textContent = text;
  element.dataset.value = '';
}
