// The township doctor's home: the patients of my township with their TV's status, a search box, and a
// button that rings a patient's TV. Admins see every patient (no call button: they do not consult).
import { $, el, guarded } from '../dom.js';
import { label } from '../i18n.js';
import { PatientTable, tvCallButton } from './patient-table.js';

export class PatientsScreen {
  constructor({ client, api, canCall, onOpen }) {
    this.client = client;
    this.api = api;
    this.table = new PatientTable(
      $('patientRows'),
      (p) => (canCall ? tvCallButton(p, (patient) => this.call(patient)) : el('span')),
      { onOpen, lastConsult: true },
    );
    label($('patientsTitle'), canCall ? 'patients.title' : 'patients.titleAll');
    $('patientSearch').oninput = (e) => {
      this.table.search(e.target.value);
      this.count();
    };
  }

  show() {
    $('patients').hidden = false;
  }

  async load() {
    const body = await this.api.get('/api/patients');
    this.table.set(body.patients || []);
    this.count();
    // the last consults come from the clinical record, in one request for the whole list; when it
    // cannot be read the column says so and the list stays usable
    try {
      this.table.lastConsults((await this.api.get('/api/patients/last-consults')).lastConsults || []);
    } catch (e) {
      this.table.lastConsults({ error: e.code || 'error' });
    }
  }

  presence(msg) {
    this.table.presence(msg);
  }

  patients() {
    return this.table.patients;
  }

  count() {
    const shown = this.table.shown().length;
    if (shown === 0 && this.table.patients.length > 0) label($('patientCount'), 'patients.none');
    else label($('patientCount'), 'patients.count', { shown, total: this.table.patients.length });
  }

  call(patient) {
    return guarded(() => this.client.createCall({ kind: 'patient_tv', id: patient.patientId }));
  }
}

