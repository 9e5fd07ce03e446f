// The admin's clinical records: what the FHIR server has not stored yet (backlog, in flight), which node
// delivers, and the calls whose records it refused for good with its reason and HTTP status
// (GET /api/admin/records); a retry button per refused call (POST /api/admin/records/{callId}/retry) once
// the cause is fixed, with the result said next to it.
import { $, el, toastError } from '../dom.js';
import { formatDateTime, label } from '../i18n.js';

export class AdminRecordsScreen {
  constructor({ api }) {
    this.api = api;
  }

  show() {
    $('adminRecords').hidden = false;
  }

  async load() {
    const body = await this.api.get('/api/admin/records');
    if (body.deliveringNode) label($('recordsNode'), 'admin.recordsNode', { node: body.deliveringNode });
    else label($('recordsNode'), 'admin.recordsNoNode');
    label($('recordsBacklog'), 'admin.recordsBacklog', {
      backlog: body.backlog,
      inFlight: body.inFlight,
      parked: body.parkedCalls,
    });
    const rows = (body.parked || []).map((p) => this.row(p));
    $('parkedRows').replaceChildren(...rows);
    $('parkedNone').hidden = rows.length > 0;
  }

  row(p) {
    const tr = el('tr');
    tr.dataset.parkedCall = p.callId;
    const retry = el('button', { text: ['admin.retry'], attrs: { type: 'button', 'data-call-id': p.callId } });
    retry.onclick = () => this.retry(p.callId);
    const actions = el('td');
    actions.append(retry);
    tr.append(
      el('th', { data: p.callId, attrs: { scope: 'row' } }),
      el('td', { data: formatDateTime(p.parkedAt) }),
      el('td', { data: String(p.httpStatus) }),
      el('td', { data: p.reason || '' }),
      actions,
    );
    return tr;
  }

  async retry(callId) {
    try {
      await this.api.post('/api/admin/records/' + encodeURIComponent(callId) + '/retry');
      label($('recordsResult'), 'admin.retrying', { callId });
    } catch (e) {
      if (e.code === 'not_found') label($('recordsResult'), 'admin.retryGone', { callId });
      else toastError(e);
    }
    await this.load().catch(toastError);
  }
}
