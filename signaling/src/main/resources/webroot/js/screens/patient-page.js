// The patient's page: who the patient is, the TV's pairing state, past consults and vitals read from the
// clinical record (GET /api/patients/{id}/record, the FHIR server behind it) and a blood-pressure /
// glucose trend chart drawn by uPlot from its WebJar. Opened from a patient list; Back returns there.
import uPlot from '../../webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { $, el } from '../dom.js';
import { ageInYears, formatDateTime, label, locale, onLocaleChange, t, TIME_ZONE } from '../i18n.js';

/** The chart's lines: blood pressure on the left axis (mmHg), glucose on the right (mmol/L). */
const SERIES = [
  { kind: 'systolic', stroke: '#ff7b7b', scale: 'mmHg' },
  { kind: 'diastolic', stroke: '#7bb8ff', scale: 'mmHg' },
  { kind: 'glucose', stroke: '#ffd400', scale: 'mmol', dash: [8, 4] },
];

export class PatientPage {
  /** @param api the REST API; @param sections the ids of the sections the page covers while open */
  constructor({ api, sections }) {
    this.api = api;
    this.sections = sections;
    this.hiddenByUs = [];
    this.opener = null;
    this.chart = null;
    this.record = null;
    $('patientBackBtn').onclick = () => this.close();
    // the chart's axes are drawn in the page's language: draw them again after a switch
    onLocaleChange(() => this.record && this.drawChart(this.record.vitals));
  }

  /** Opens the page of a patient; focus goes back to `opener` on close. */
  async open(patient, opener) {
    this.opener = opener || null;
    this.hiddenByUs = this.sections.filter((id) => !$(id).hidden);
    this.hiddenByUs.forEach((id) => ($(id).hidden = true));
    const page = $('patientPage');
    page.hidden = false;
    page.dataset.patientId = patient.patientId;
    page.dataset.state = 'loading';
    $('patientName').textContent = patient.name;
    $('patientName').dataset.value = '';
    label($('patientStatus'), 'records.loading');
    ['patientFacts', 'patientTv', 'patientConsults', 'patientVitalRows'].forEach((id) => $(id).replaceChildren());
    this.clearChart();
    $('patientPageTitle').focus();
    try {
      const record = await this.api.get(`/api/patients/${encodeURIComponent(patient.patientId)}/record`);
      if (page.dataset.patientId !== patient.patientId) return; // another patient was opened meanwhile
      this.show(record);
    } catch (e) {
      if (page.dataset.patientId !== patient.patientId) return;
      page.dataset.state = 'error';
      page.dataset.error = e.code || 'error';
      label($('patientStatus'), unavailableKey(e.code), { code: e.code || '', message: e.message || '' });
    }
  }

  close() {
    const patientId = $('patientPage').dataset.patientId;
    $('patientPage').hidden = true;
    delete $('patientPage').dataset.patientId;
    this.record = null;
    this.clearChart();
    this.hiddenByUs.forEach((id) => ($(id).hidden = false));
    this.hiddenByUs = [];
    // a list re-rendered meanwhile (presence) has a new button for the same patient
    const back = this.opener && this.opener.isConnected
      ? this.opener
      : document.querySelector(`[data-open-record="${CSS.escape(patientId || '')}"]`);
    if (back) back.focus();
  }

  show(record) {
    this.record = record;
    const page = $('patientPage');
    page.dataset.state = 'shown';
    delete page.dataset.error;
    $('patientStatus').replaceChildren();
    delete $('patientStatus').dataset.i18n;
    const p = record.patient;
    $('patientName').textContent = p.name;
    const facts = [];
    if (p.birthDate) facts.push(el('li', { text: ['records.born', { date: p.birthDate, years: ageInYears(p.birthDate) }] }));
    if (p.gender) facts.push(el('li', { text: [`records.gender.${p.gender}`] }));
    $('patientFacts').replaceChildren(...facts);
    $('patientTv').replaceChildren(...tvState(record.tv));
    $('patientConsults').replaceChildren(
      ...(record.consults.length ? record.consults.map(consultItem) : [el('li', { text: ['records.noConsults'] })]),
    );
    $('patientVitalRows').replaceChildren(
      ...(record.vitals.length ? record.vitals.map((v) => vitalRow(v, record.consults)) : [emptyRow()]),
    );
    this.drawChart(record.vitals);
  }

  /** The trend of blood pressure and glucose, oldest left; one point per recorded value. */
  drawChart(vitals) {
    this.clearChart();
    const holder = $('patientChart');
    const times = [...new Set(vitals.filter((v) => SERIES.some((s) => s.kind === v.kind)).map((v) => Date.parse(v.at) / 1000))]
      .sort((a, b) => a - b);
    holder.dataset.points = String(vitals.filter((v) => SERIES.some((s) => s.kind === v.kind)).length);
    $('patientChartEmpty').hidden = times.length > 0;
    if (!times.length) return;
    const data = [times, ...SERIES.map((s) => times.map((ts) => valueAt(vitals, s.kind, ts)))];
    const axisColour = '#f2f2f2';
    const font = '16px sans-serif';
    this.chart = new uPlot(
      {
        width: Math.max(320, holder.clientWidth || 640),
        height: 300,
        legend: { show: false }, // our own legend is in the message files
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), TIME_ZONE),
        cursor: { show: false },
        scales: { x: { time: true }, mmHg: { auto: true }, mmol: { auto: true } },
        series: [
          {},
          ...SERIES.map((s) => ({
            scale: s.scale,
            stroke: s.stroke,
            width: 2,
            dash: s.dash,
            spanGaps: true,
            points: { show: true, size: 9, fill: s.stroke },
          })),
        ],
        axes: [
          {
            stroke: axisColour,
            font,
            size: 64,
            space: 110,
            // the page's language and China time, not uPlot's own English month names and am/pm
            values: (u, splits) => splits.map(axisTime),
            grid: { stroke: '#333' },
            ticks: { stroke: '#555' },
          },
          { scale: 'mmHg', stroke: axisColour, font, grid: { stroke: '#333' }, ticks: { stroke: '#555' } },
          { scale: 'mmol', side: 1, stroke: axisColour, font, grid: { show: false } },
        ],
      },
      data,
      holder,
    );
    window.consult.patientChart = this.chart;
  }

  clearChart() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
    if (window.consult) window.consult.patientChart = null;
    $('patientChart').dataset.points = '0';
  }
}

/** A record that cannot be read says why in words: no FHIR server answers, none configured, or not yours. */
function unavailableKey(code) {
  return (
    {
      records_unavailable: 'records.unavailable',
      records_not_configured: 'records.notConfigured',
      forbidden: 'records.forbidden',
    }[code] || 'records.failed'
  );
}

function tvState(tv) {
  if (!tv || !tv.deviceId) return [el('span', { text: ['records.tvNone'] })];
  const status = el('span', { text: ['status.' + tv.status], attrs: { class: 'status ' + tv.status, id: 'patientTvStatus' } });
  const paired = el('span', { text: [tv.paired ? 'records.tvPaired' : 'records.tvRevoked', { device: tv.deviceId }] });
  paired.id = 'patientTvPairing';
  paired.dataset.paired = String(tv.paired);
  return [paired, status];
}

function consultItem(c) {
  const li = el('li', { attrs: { class: 'consult', 'data-call-id': c.callId } });
  // times are data, formatted here in China Standard Time
  const when = el('span', {
    data: c.end ? `${formatDateTime(c.start)} – ${formatDateTime(c.end)}` : formatDateTime(c.start),
    attrs: { class: 'when' },
  });
  const outcome = el('span', { text: [`records.status.${c.status}`], attrs: { class: 'outcome' } });
  const lines = [el('div', {}), el('div', {})];
  lines[0].append(when, outcome);
  const who = el('span', { data: c.participants.map((p) => p.name).join('、') });
  lines[1].append(el('span', { text: ['records.participants'] }), who);
  li.append(...lines);
  if (c.reasons.length) {
    const reason = el('div', {});
    reason.append(el('span', { text: ['records.reason'] }), el('span', { data: c.reasons.join('；') }));
    li.append(reason);
  }
  if (c.note) {
    const note = el('div', {});
    note.append(el('span', { text: ['records.note'] }), el('span', { data: c.note, attrs: { class: 'note' } }));
    li.append(note);
  }
  return li;
}

function vitalRow(v, consults) {
  const consult = consults.find((c) => c.callId === v.callId);
  const tr = el('tr', { attrs: { 'data-kind': v.kind } });
  tr.append(
    el('td', { data: formatDateTime(v.at) }),
    el('td', { text: [`records.kind.${v.kind}`] }),
    el('td', { data: `${formatNumber(v.value)} ${unitText(v.unit)}`.trim(), attrs: { class: 'value' } }),
    consult && consult.start ? el('td', { data: formatDateTime(consult.start) }) : el('td'),
  );
  return tr;
}

function emptyRow() {
  const tr = el('tr');
  tr.append(el('td', { text: ['records.noVitals'], attrs: { colspan: '4' } }));
  return tr;
}

function valueAt(vitals, kind, ts) {
  const v = vitals.find((x) => x.kind === kind && Date.parse(x.at) / 1000 === ts);
  return v ? v.value : null;
}

/** A time on the chart's axis: date above, 24-hour time below, in China Standard Time. */
function axisTime(ts) {
  const at = new Date(ts * 1000);
  const date = new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, month: 'numeric', day: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return `${date}\n${time}`;
}

/** The record's unit as the page's language writes it (the record says "beats/minute"). */
function unitText(unit) {
  return unit === 'beats/minute' ? t('records.unitPerMinute') : unit || '';
}

function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
