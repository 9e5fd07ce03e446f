// A table of patients with their TV's presence: the township doctor's patients and the care home's
// residents. Rows come from GET /api/patients or /api/residents; presence.update pushes change the TV
// status in place. The action of each row (call the TV, start a consult) is the screen's.
import { ageInYears } from '../i18n.js';
import { el } from '../dom.js';

export class PatientTable {
  /**
   * @param tbody where the rows go
   * @param action (patient) => the element of the row's last cell
   */
  constructor(tbody, action) {
    this.tbody = tbody;
    this.action = action;
    this.patients = [];
    this.filter = '';
  }

  /** Replaces the rows: [{patientId, name, birthDate, gender, deviceId, tvStatus}]. */
  set(patients) {
    this.patients = patients.map((p) => ({ ...p }));
    this.render();
  }

  /** A presence.update: the TV of one patient went online, busy or off. */
  presence(msg) {
    const patient = this.patients.find((p) => p.patientId === msg.patientId || (p.deviceId && p.deviceId === msg.partyId));
    if (!patient || msg.kind !== 'tv') return;
    patient.tvStatus = msg.status;
    this.render();
  }

  /** Shows only the patients whose name contains the text. */
  search(text) {
    this.filter = text.trim();
    this.render();
  }

  shown() {
    return this.patients.filter((p) => !this.filter || p.name.includes(this.filter));
  }

  render() {
    const rows = this.shown().map((p) => {
      const tr = el('tr', { attrs: { 'data-patient-row': p.patientId } });
      const status = el('span', { text: ['status.' + p.tvStatus], attrs: { class: 'status ' + p.tvStatus } });
      const age = p.birthDate ? el('td', { text: ['patients.ageYears', { years: ageInYears(p.birthDate) }] }) : el('td');
      const actionCell = el('td');
      actionCell.append(this.action(p));
      tr.append(el('th', { data: p.name, attrs: { scope: 'row' } }), age, wrap('td', status), actionCell);
      return tr;
    });
    this.tbody.replaceChildren(...rows);
  }
}

function wrap(tag, child) {
  const outer = el(tag);
  outer.append(child);
  return outer;
}

/** The call button of a patient's TV: only a TV that is on and free can ring. */
export function tvCallButton(patient, onCall, idleKey = 'patients.call') {
  const reasons = { OFFLINE: 'patients.tvOff', BUSY: 'patients.tvBusy', NO_TV: 'patients.noTv' };
  const blocked = reasons[patient.tvStatus];
  const button = el('button', { text: [blocked || idleKey], attrs: { type: 'button' } });
  button.dataset.patientId = patient.patientId;
  button.disabled = Boolean(blocked);
  button.onclick = () => onCall(patient);
  return button;
}
