// Care-home staff: my residents with their TV's status, and a consult started for a resident (POST
// /api/residents/{id}/calls): the resident's TV answers by itself where the care home allows it, and the
// township's on-duty doctors ring.
import { $, guarded, toast } from '../dom.js';
import { PatientTable, tvCallButton } from './patient-table.js';

export class ResidentsScreen {
  constructor({ api, onCall, onOpen }) {
    this.api = api;
    this.onCall = onCall;
    this.table = new PatientTable(
      $('residentRows'),
      (p) => tvCallButton(p, (resident) => this.startCall(resident), 'residents.startCall'),
      { onOpen },
    );
  }

  show() {
    $('residents').hidden = false;
  }

  async load() {
    const body = await this.api.get('/api/residents');
    this.table.set(body.residents || []);
  }

  presence(msg) {
    this.table.presence(msg);
  }

  patients() {
    return this.table.patients;
  }

  async startCall(resident) {
    const body = await guarded(() => this.api.post(`/api/residents/${encodeURIComponent(resident.patientId)}/calls`));
    toast('residents.started', { name: resident.name });
    if (body.call) this.onCall(body.call);
  }
}
