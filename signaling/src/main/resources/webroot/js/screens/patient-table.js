// A table of patients with their TV's presence: the township doctor's patients and the care home's
// residents. Rows come from GET /api/patients or /api/residents; presence.update pushes change the TV
// status in place. The action of each row (call the TV, start a consult) is the screen's.
import { ageInYears, formatDateTime } from '../i18n.js';
import { el } from '../dom.js';

export class PatientTable {
  /**
   * @param tbody where the rows go
   * @param action (patient) => the element of the row's last cell
   * @param onOpen (patient, button) => opens the patient's page; the name becomes a button when given
   * @param lastConsult whether the rows have a "last consult" cell (see lastConsults)
   */
  constructor(tbody, action, { onOpen = null, lastConsult = false } = {}) {
    this.tbody = tbody;
    this.action = action;
    this.onOpen = onOpen;
    this.lastConsult = lastConsult;
    this.patients = [];
    this.filter = '';
    this.latest = { state: 'loading', byPatient: {} };
  }

  /**
   * The last consult of each patient from GET /api/patients/last-consults, or {error} when the record
   * cannot be read: the cell then says so instead of staying blank.
   */
  lastConsults(reply) {
    if (reply.error) this.latest = { state: 'unavailable', byPatient: {}, code: reply.error };
    else this.latest = { state: 'shown', byPatient: Object.fromEntries(reply.map((c) => [c.patientId, c])) };
    this.render();
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
      const name = el('th', { attrs: { scope: 'row' } });
      if (this.onOpen) {
        const open = el('button', { data: p.name, attrs: { type: 'button', class: 'link', 'data-open-record': p.patientId } });
        open.onclick = () => this.onOpen(p, open);
        name.append(open);
      } else {
        name.textContent = p.name;
        name.dataset.value = '';
      }
      tr.append(name, age, wrap('td', status));
      if (this.lastConsult) tr.append(this.lastConsultCell(p));
      tr.append(actionCell);
      return tr;
    });
    this.tbody.replaceChildren(...rows);
  }

  /** The last consult's date in China Standard Time; while loading, none, or unreadable it says so. */
  lastConsultCell(p) {
    const td = el('td', { attrs: { class: 'last-consult' } });
    td.dataset.state = this.latest.state;
    const c = this.latest.byPatient[p.patientId];
    if (this.latest.state === 'loading') td.append(el('span', { text: ['records.lastLoading'] }));
    else if (this.latest.state === 'unavailable') {
      const key = this.latest.code === 'records_not_configured' ? 'records.lastNotConfigured' : 'records.lastUnavailable';
      td.append(el('span', { text: [key] }));
    }
    else if (!c || !c.start) {
      td.dataset.state = 'none';
      td.append(el('span', { text: ['records.lastNone'] }));
    } else td.append(el('span', { data: formatDateTime(c.start) }));
    return td;
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
