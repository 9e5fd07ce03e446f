// Pairing a TV: choose the patient from my list (no ids to type) and type the 6-digit code the TV shows.
// Admins, the patient's township doctors and their care home's staff may bind a code (POST /api/pairings).
import { $, el, toast, toastError, formJson } from '../dom.js';

export class PairingScreen {
  /**
   * @param api the REST API
   * @param patients () => the patients I may pair for ([{patientId, name}])
   * @param onPaired () => void: reload the lists (the TV's status changes)
   */
  constructor({ api, patients, onPaired }) {
    this.api = api;
    this.patients = patients;
    this.onPaired = onPaired;
    this.form = $('pairForm');
    this.form.onsubmit = (e) => {
      e.preventDefault();
      this.pair();
    };
  }

  show() {
    $('pairing').hidden = false;
  }

  /** Fills the patient choice (keeps the current choice when it is still there). */
  refresh() {
    const select = this.form.elements.patientId;
    const chosen = select.value;
    const options = this.patients().map((p) => {
      const option = el('option', { data: p.name });
      option.value = p.patientId;
      return option;
    });
    select.replaceChildren(select.options[0], ...options);
    select.value = options.some((o) => o.value === chosen) ? chosen : '';
  }

  async pair() {
    const { code, patientId } = formJson(this.form);
    const patient = this.patients().find((p) => p.patientId === patientId);
    try {
      await this.api.post('/api/pairings', { code, patientId });
      toast('pairing.done', { name: patient ? patient.name : patientId });
      this.form.reset();
      this.onPaired();
    } catch (e) {
      if (e.code === 'not_found') toast('pairing.codeUnknown');
      else toastError(e);
    }
  }
}
