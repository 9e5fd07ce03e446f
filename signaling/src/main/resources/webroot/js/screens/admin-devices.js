// The admin's TVs: every TV of the county with its patient, whether it is on, when it was last paired and
// whether it was revoked (GET /api/admin/devices), and a revoke button per TV (POST
// /api/devices/{id}/revoke: its tokens are void and its connections closed; pairing it again with a new
// code makes it usable again). Pairing itself is the pairing screen, where an admin may choose any patient.
import { $, el, toast, toastError } from '../dom.js';
import { formatDateTime } from '../i18n.js';

export class AdminDevicesScreen {
  constructor({ api }) {
    this.api = api;
  }

  show() {
    $('adminDevices').hidden = false;
  }

  async load() {
    const body = await this.api.get('/api/admin/devices');
    $('deviceRows').replaceChildren(...(body.devices || []).map((d) => this.row(d)));
  }

  row(d) {
    const tr = el('tr');
    tr.dataset.deviceRow = d.deviceId;
    const revoke = el('button', { text: ['admin.revoke'], attrs: { type: 'button', 'data-device-id': d.deviceId } });
    revoke.disabled = d.revoked;
    revoke.onclick = () => this.revoke(d);
    const actions = el('td');
    actions.append(revoke);
    tr.append(
      el('th', { data: d.patientName || d.patientId, attrs: { scope: 'row' } }),
      el('td', { data: d.home || '' }),
      el('td', { data: d.deviceId }),
      el('td', { text: ['status.' + d.tvStatus], attrs: { class: 'status ' + d.tvStatus } }),
      d.pairedAt ? el('td', { data: formatDateTime(d.pairedAt) }) : el('td', { text: ['admin.neverPaired'] }),
      el('td', { text: [d.revoked ? 'admin.revoked' : 'admin.valid'], attrs: { class: 'revocation' } }),
      actions,
    );
    return tr;
  }

  async revoke(d) {
    try {
      await this.api.post('/api/devices/' + encodeURIComponent(d.deviceId) + '/revoke');
      toast('admin.revokedDone', { name: d.patientName || d.patientId });
      await this.load();
    } catch (e) {
      toastError(e);
    }
  }
}
