// Bring in a county expert: a specialty from the county's list or a named expert (GET /api/experts, no
// free text), a reason and an urgency; then each invited expert's state from the call snapshots until
// they join (ringing, declined, missed, joined).
import { $, el, formJson, toastError } from '../dom.js';
import { label, t } from '../i18n.js';
import { unlabel } from './unlabel.js';

export class InvitePanel {
  constructor({ client, api, state }) {
    this.client = client;
    this.api = api;
    this.state = state;
    this.experts = new Map();
    $('inviteForm').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit(e.target);
    });
  }

  /** The county's specialties and experts, with presence and duty, for the two choices. */
  async load() {
    const { experts, specialties } = await this.api.get('/api/experts');
    this.experts = new Map(experts.map((x) => [x.id, x]));
    const specialty = $('inviteSpecialty');
    specialty.replaceChildren(specialty.options[0], ...specialties.map((s) => this.option(s, specialtyWords(s))));
    const expert = $('inviteExpert');
    expert.replaceChildren(
      expert.options[0],
      ...experts.map((x) =>
        this.option(x.id, ['consult.expertOption', {
          name: x.name,
          specialty: specialtyWords(x.specialty),
          status: { key: `status.${x.status}` },
          duty: { key: x.onDuty ? 'consult.onDuty' : 'consult.offDuty' },
        }]),
      ),
    );
  }

  /** text: [key, params] (a message), {key} (a message without params) or a string (data). */
  option(value, text) {
    const spec = Array.isArray(text) ? { text } : typeof text === 'object' ? { text: [text.key] } : { data: text };
    const option = el('option', spec);
    option.value = value;
    return option;
  }

  async submit(form) {
    const { specialty, expertId, reason, urgency } = formJson(form);
    const error = $('inviteError');
    unlabel(error);
    if (!specialty && !expertId) {
      label(error, 'consult.inviteChoose');
      $('inviteSpecialty').focus();
      return;
    }
    // a named expert wins over the specialty: the doctor chose a person
    const target = expertId ? { expertId } : { specialty };
    try {
      const ack = await this.client.invite(this.state.call.id, { ...target, reason, urgency });
      form.elements.reason.value = '';
      if (ack.call) this.show(ack.call);
    } catch (e) {
      if (e.code === 'no_one_available') {
        label(error, 'consult.noOneAvailable', { specialty: specialtyWords(specialty || '') });
      } else {
        toastError(e);
      }
    }
  }

  /** The invited experts of this call (members who are county experts), each with their state. */
  show(call) {
    const items = call.members
      .filter((m) => m.party.role === 'COUNTY_EXPERT')
      .map((m) => {
        const x = this.experts.get(m.party.id);
        const li = el('li', {
          text: ['consult.inviteLine', {
            name: m.name,
            specialty: x ? specialtyWords(x.specialty) : '',
            state: { key: `consult.invited.${m.state}` },
          }],
        });
        li.dataset.expert = m.party.id;
        li.dataset.state = m.state;
        li.className = 'invited ' + m.state;
        return li;
      });
    $('inviteState').replaceChildren(...items);
  }

  clear() {
    $('inviteState').replaceChildren();
    unlabel($('inviteError'));
  }
}

/** A specialty in words where the message files know it, else as the county file names it (data). */
export function specialtyWords(specialty) {
  const key = `consult.specialty.${specialty}`;
  return t(key) !== key ? { key } : specialty;
}
