// What happened in the consult, kept while it runs and shown when it ends: duration, who took part,
// the vitals and note I recorded, the texts sent to the TV, and the outcome.
import { $, el } from '../dom.js';

export class CallSummary {
  constructor() {
    this.reset();
  }

  reset() {
    this.callId = null;
    this.people = new Map();
    this.vitals = [];
    this.notes = 0;
    this.texts = 0;
  }

  /** Every snapshot of the live call: anyone seen JOINED took part. */
  seen(call) {
    if (this.callId !== call.id) {
      this.reset();
      this.callId = call.id;
    }
    call.members.filter((m) => m.state === 'JOINED').forEach((m) => this.people.set(m.party.id, m.name || m.party.id));
  }

  recordedVitals(values) {
    this.vitals.push(values);
  }

  recordedNote() {
    this.notes++;
  }

  textSent() {
    this.texts++;
  }

  /** The last snapshot (ENDED, or the one I left): the summary panel, focused for keyboard and reader. */
  show(call) {
    this.seen(call);
    const started = call.answeredAt ? Date.parse(call.answeredAt) : null;
    const ended = call.endedAt ? Date.parse(call.endedAt) : Date.now();
    const seconds = started ? Math.max(0, Math.round((ended - started) / 1000)) : 0;
    const rows = [
      ['consult.summaryDuration', 'consult.durationValue', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 }],
      ['consult.summaryPeople', 'consult.peopleValue', { names: [...this.people.values()].join('、') }],
      ['consult.summaryVitals', ...this.vitalsLine()],
      ['consult.summaryNote', this.notes ? 'consult.noteRecorded' : 'consult.noneRecorded', {}],
      ['consult.summaryTexts', 'consult.textsValue', { count: this.texts }],
      ['consult.summaryOutcome', 'consult.outcomeValue', {
        outcome: { key: call.state === 'ENDED' ? `outcome.${call.outcome || 'COMPLETED'}` : 'consult.stillRunning' },
      }],
    ];
    const list = $('summaryList');
    list.replaceChildren(...rows.flatMap(([term, key, params]) => [el('dt', { text: [term] }), el('dd', { text: [key, params] })]));
    $('summary').hidden = false;
    $('summary').focus();
  }

  vitalsLine() {
    if (!this.vitals.length) return ['consult.noneRecorded', {}];
    const parts = this.vitals.map((v) => {
      const bits = [];
      if (v.systolicMmHg !== undefined) bits.push({ key: 'consult.bp', params: { sys: v.systolicMmHg, dia: v.diastolicMmHg } });
      if (v.heartRatePerMin !== undefined) bits.push({ key: 'consult.hr', params: { hr: v.heartRatePerMin } });
      if (v.glucoseMmolPerL !== undefined) bits.push({ key: 'consult.glucose', params: { glucose: v.glucoseMmolPerL } });
      return bits;
    });
    return ['consult.vitalsValue', { vitals: parts.flat() }];
  }
}
