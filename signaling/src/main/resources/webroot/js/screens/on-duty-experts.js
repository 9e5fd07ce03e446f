// The dispatcher's on-duty county experts by specialty (GET /api/experts): who can be brought into a
// consult right now, and whether they are free. Refreshed with the dispatcher's poll of the live consults.
import { $, el } from '../dom.js';
import { specialtyWords } from '../consult/invite.js';

export class OnDutyExpertsScreen {
  constructor({ api }) {
    this.api = api;
  }

  async load() {
    let body;
    try {
      body = await this.api.get('/api/experts');
    } catch (e) {
      return; // offline: the next poll tries again, the connection badge says why
    }
    this.render(body.specialties || [], (body.experts || []).filter((x) => x.onDuty));
  }

  render(specialties, onDuty) {
    const groups = specialties.map((s) => {
      const experts = onDuty.filter((x) => x.specialty === s);
      const group = el('li');
      group.dataset.specialty = s;
      group.append(el('h4', { text: ['dispatch.specialty', { specialty: specialtyWords(s), count: experts.length }] }));
      if (experts.length === 0) {
        group.append(el('p', { text: ['dispatch.noExpertOnDuty'], attrs: { class: 'none' } }));
      } else {
        const list = el('ul');
        for (const x of experts) {
          const li = el('li', {
            text: ['dispatch.expert', { name: x.name, organization: x.organization || '', status: { key: 'status.' + x.status } }],
            attrs: { class: 'status ' + x.status },
          });
          li.dataset.expert = x.id;
          list.append(li);
        }
        group.append(list);
      }
      return group;
    });
    $('dispatchExpertGroups').replaceChildren(...groups);
  }
}
