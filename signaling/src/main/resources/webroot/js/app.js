// The clinicians' and staff's console: sign in, see presence, call, answer, invite an expert, record
// vitals and notes, end. Plain modules, no build step. window.consult exposes the live objects so the
// end-to-end tests can drive the same page a doctor uses.
import { ConsultClient, memberOf } from './consult-client.js';
import { MediaSession } from './media-session.js';

const $ = (id) => document.getElementById(id);
const client = new ConsultClient();
const state = { me: null, role: null, call: null, session: null, ringingCallId: null, localStream: null };
window.consult = { client, state };

function toast(text) {
  const div = document.createElement('div');
  div.textContent = text;
  $('toasts').prepend(div);
  setTimeout(() => div.remove(), 8000);
}

function formJson(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) {
    if (v === '') continue;
    const input = form.elements[k];
    out[k] = input.type === 'number' ? Number(v) : v;
  }
  return out;
}

async function guarded(action) {
  try {
    return await action();
  } catch (e) {
    toast((e.code ? e.code + ': ' : '') + e.message);
    throw e;
  }
}

$('loginForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { login, password } = formJson(e.target);
  try {
    const res = await client.login(login, password);
    await start(res);
  } catch (err) {
    $('loginError').textContent = err.message || 'sign-in failed';
  }
});

async function start(loginResponse) {
  const welcome = await client.connect(loginResponse.token);
  state.me = welcome.party;
  state.role = welcome.party.role;
  $('who').textContent = `${welcome.name || state.me.id} · ${state.role}`;
  $('conn').textContent = 'online';
  $('login').hidden = true;
  $('console').hidden = false;
  const clinician = state.role === 'TOWNSHIP_DOCTOR' || state.role === 'COUNTY_EXPERT';
  $('duty').hidden = !clinician;
  document.querySelectorAll('.clinician').forEach((el) => (el.hidden = !clinician));
  // Texts to the TV for those who hear badly: clinicians and care-home staff in the call.
  const messenger = clinician || state.role === 'CARE_HOME_STAFF';
  document.querySelectorAll('.messenger').forEach((el) => (el.hidden = !messenger));
  // Who may bind a TV's code: admins, the patient's township doctors, their care home's staff (POST /api/pairings).
  $('admin').hidden = !['ADMIN', 'CARE_HOME_STAFF', 'TOWNSHIP_DOCTOR'].includes(state.role);
  client.on('call.update', (msg) => onCallUpdate(msg.call));
  client.on('presence.update', (msg) => updatePresence(msg));
  client.on('call.message', (msg) => logMessage(msg));
  client.on('closed', () => ($('conn').textContent = 'offline'));
  await loadPeople();
  await refreshCalls();
}

// ---- people and presence ----

const people = new Map();

async function loadPeople() {
  $('peopleTitle').textContent = state.role === 'TOWNSHIP_DOCTOR' ? 'Patients and colleagues' : 'People';
  if (state.role === 'CARE_HOME_STAFF') {
    $('peopleTitle').textContent = 'Residents';
    const res = await fetch('/api/residents', { headers: { authorization: 'Bearer ' + client.token } });
    const body = await res.json();
    for (const r of body.residents || []) {
      people.set(r.deviceId || r.patientId, { ...r, kind: 'resident', status: r.tvStatus || r.status });
    }
  }
  const ack = await client.subscribePresence();
  for (const p of ack.presence || []) {
    const known = people.get(p.partyId) || {};
    people.set(p.partyId, { ...known, ...p });
  }
  renderPeople();
}

function updatePresence(msg) {
  const known = people.get(msg.partyId);
  if (!known) return;
  people.set(msg.partyId, { ...known, status: msg.status, onDuty: msg.onDuty });
  renderPeople();
}

function renderPeople() {
  const list = $('peopleList');
  list.replaceChildren();
  for (const [id, p] of people) {
    const li = document.createElement('li');
    const status = document.createElement('span');
    status.className = p.status || 'OFFLINE';
    status.textContent = `${p.name || p.patientName || id} (${(p.status || 'OFFLINE').toLowerCase()}${p.onDuty ? ', on duty' : ''})`;
    li.append(status);
    const button = document.createElement('button');
    if (state.role === 'TOWNSHIP_DOCTOR' && p.kind === 'tv' && p.patientId) {
      button.textContent = p.status === 'OFFLINE' ? 'TV is off' : 'Call TV';
      // A TV that is off cannot ring; the button comes back when its presence says online.
      button.disabled = p.status === 'OFFLINE';
      button.dataset.patientId = p.patientId;
      button.onclick = () => guarded(() => client.createCall({ kind: 'patient_tv', id: p.patientId }));
      li.append(' ', button);
    } else if (state.role === 'CARE_HOME_STAFF' && (p.patientId || p.id)) {
      button.textContent = 'Start call';
      const patientId = p.patientId || p.id;
      button.dataset.patientId = patientId;
      button.onclick = () => guarded(() => fetch(`/api/residents/${patientId}/calls`, {
        method: 'POST',
        headers: { authorization: 'Bearer ' + client.token },
      }).then((r) => r.json()).then((b) => { if (b.call) onCallUpdate(b.call); }));
      li.append(' ', button);
    } else if (p.kind === 'practitioner' && id !== state.me.id) {
      button.textContent = 'Call';
      button.onclick = () => guarded(() => client.createCall({ kind: 'practitioner', id }));
      li.append(' ', button);
    }
    list.append(li);
  }
}

$('onDuty').addEventListener('change', (e) => guarded(() => client.setOnDuty(e.target.checked)));

// ---- calls ----

function onCallUpdate(call) {
  const mine = memberOf(call, state.me.id);
  if (!mine) return;
  if (mine.state === 'RINGING') {
    state.ringingCallId = call.id;
    const caller = memberOf(call, call.caller.id);
    $('ringText').textContent = `${caller ? caller.name : call.caller.id}` +
      (call.patientName ? ` — patient ${call.patientName}` : '') + (mine.reason ? ` — ${mine.reason}` : '');
    $('ringing').hidden = false;
    $('acceptBtn').focus();
  } else if (state.ringingCallId === call.id) {
    $('ringing').hidden = true;
    state.ringingCallId = null;
  }
  const previous = state.call && state.call.id === call.id ? state.call : null;
  if (['JOINED', 'DISCONNECTED'].includes(mine.state) && call.state !== 'ENDED') {
    if (previous) announceChanges(previous, call);
    state.call = call;
    showCall(call);
  } else if (previous && (call.state === 'ENDED' || !['JOINED', 'DISCONNECTED'].includes(mine.state))) {
    closeCall(call.state === 'ENDED' ? `Consult ended (${call.endReason || call.outcome})` : 'You left the consult');
  }
  refreshCalls();
}

function announceChanges(before, after) {
  for (const m of after.members) {
    const was = memberOf(before, m.party.id);
    if (m.state === 'JOINED' && (!was || was.state !== 'JOINED')) toast(`${m.name} joined`);
    if (m.state === 'DISCONNECTED' && was && was.state === 'JOINED') toast(`${m.name} lost the connection`);
    if (m.state === 'LEFT' && was && was.state !== 'LEFT') toast(`${m.name} left`);
  }
}

async function showCall(call) {
  $('call').hidden = false;
  $('callState').textContent = call.state === 'ACTIVE' ? '(live)' : '(ringing…)';
  if (call.state === 'ACTIVE' && !state.session) {
    state.session = 'starting';
    try {
      state.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      $('selfView').srcObject = state.localStream;
    } catch (e) {
      toast('No camera or microphone: receiving only');
      state.localStream = null;
    }
    const session = new MediaSession(client, call.id, state.localStream, addRemote);
    state.session = session;
    window.consult.session = session;
    await guarded(() => session.start());
  }
}

const tiles = new Map();

function addRemote(participantId, stream) {
  let tile = tiles.get(participantId);
  if (!tile) {
    tile = document.createElement('figure');
    tile.className = 'tile';
    tile.dataset.participant = participantId;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    const caption = document.createElement('figcaption');
    const member = state.call && memberOf(state.call, participantId);
    caption.textContent = member ? member.name : participantId;
    tile.append(video, caption);
    $('videos').append(tile);
    tiles.set(participantId, tile);
  }
  tile.querySelector('video').srcObject = stream;
}

function closeCall(message) {
  if (state.session && state.session.close) state.session.close();
  state.session = null;
  window.consult.session = null;
  if (state.localStream) state.localStream.getTracks().forEach((t) => t.stop());
  state.localStream = null;
  state.call = null;
  tiles.forEach((t) => t.remove());
  tiles.clear();
  $('call').hidden = true;
  $('messageLog').replaceChildren();
  toast(message);
}

$('acceptBtn').onclick = () => guarded(() => client.accept(state.ringingCallId));
$('declineBtn').onclick = () => guarded(() => client.decline(state.ringingCallId));
$('endBtn').onclick = () => guarded(() => client.end(state.call.id, 'consult finished'));
$('leaveBtn').onclick = () => guarded(() => client.leave(state.call.id));

$('inviteForm').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(() => client.invite(state.call.id, formJson(e.target))).then(() => toast('Expert invited'));
});
$('vitalsForm').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(() => client.vitals(state.call.id, formJson(e.target))).then(() => toast('Vitals recorded'));
});
$('noteForm').addEventListener('submit', (e) => {
  e.preventDefault();
  const { reason, note } = formJson(e.target);
  guarded(() => client.note(state.call.id, reason, note)).then(() => toast('Note saved'));
});

$('messageForm').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.target;
  const { text } = formJson(form);
  guarded(() => client.message(state.call.id, text)).then((reply) => {
    if (reply) form.reset();
  });
});

// Every member sees the messages of the call (the sender too, from every tab), as the TV showed them.
function logMessage(msg) {
  if (!state.call || msg.callId !== state.call.id) return;
  const li = document.createElement('li');
  const time = new Date(msg.at).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' });
  li.textContent = `${time} ${msg.from.name}: ${msg.text}`;
  $('messageLog').append(li);
}

$('pairForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await fetch('/api/pairings', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + client.token, 'content-type': 'application/json' },
    body: JSON.stringify(formJson(e.target)),
  });
  const body = await res.json();
  toast(res.ok ? 'TV paired' : `${body.code}: ${body.message}`);
});

async function refreshCalls() {
  const res = await fetch('/api/calls', { headers: { authorization: 'Bearer ' + client.token } });
  if (!res.ok) return;
  const body = await res.json();
  const list = $('callList');
  list.replaceChildren();
  for (const c of body.calls || []) {
    const li = document.createElement('li');
    li.textContent = `${c.patientName || c.id}: ${c.state} — ` + c.members.map((m) => `${m.name} ${m.state.toLowerCase()}`).join(', ');
    list.append(li);
  }
}

// Connection quality for the doctor: loss and decoded frames per remote participant, every 2 s.
setInterval(async () => {
  if (!state.session || !state.session.inboundStats) return;
  const stats = await state.session.inboundStats();
  const loss = stats.reduce((a, s) => a + (s.packetsLost || 0), 0);
  const got = stats.reduce((a, s) => a + (s.packetsReceived || 0), 0);
  $('callState').textContent = `(live, ${got ? ((100 * loss) / (loss + got)).toFixed(1) : '0.0'}% loss)`;
}, 2000);
