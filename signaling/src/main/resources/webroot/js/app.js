// The clinicians' and staff's browser app: plain ES modules, no build step, every string from
// i18n/<locale>.json. This module only wires the pieces: the protocol client and its keeper, the ringer,
// and one screen object per part of the page. window.consult exposes the live objects so the end-to-end
// tests drive the same page a doctor uses.
import { ConsultClient } from './consult-client.js';
import { RestApi } from './api.js';
import { ConnectionKeeper, CONNECTED } from './connection.js';
import { Ringer } from './ringer.js';
import { $, guarded } from './dom.js';
import { label, locale, setLocale, storedLocale, onLocaleChange, t } from './i18n.js';
import { SignInScreen } from './screens/sign-in.js';
import { ConsultScreen } from './screens/consult.js';
import { PatientsScreen } from './screens/patients.js';
import { ResidentsScreen } from './screens/residents.js';
import { PairingScreen } from './screens/pairing.js';
import { ColleaguesScreen } from './screens/colleagues.js';
import { ActiveCallsScreen } from './screens/active-calls.js';
import { DispatchScreen } from './screens/dispatch.js';
import { OnDutyExpertsScreen } from './screens/on-duty-experts.js';
import { AdminDevicesScreen } from './screens/admin-devices.js';
import { AdminRecordsScreen } from './screens/admin-records.js';
import { AdminCountyScreen } from './screens/admin-county.js';
import { PatientPage } from './screens/patient-page.js';
import { InvitationPanel } from './screens/invitation.js';
import { RecentConsultsScreen } from './screens/recent-consults.js';

const client = new ConsultClient();
const api = new RestApi(client);
const ringer = new Ringer();
const state = { me: null, role: null, call: null, session: null, ringingCallId: null, localStream: null };
const keeper = new ConnectionKeeper(client, {
  onState: showConnection,
  onReconnected: () => {
    loadLists();
    consult.resume();
  },
  onRefused: () => signOut(),
});
window.consult = { client, state, keeper, ringer, session: null };

const calls = new ActiveCallsScreen({ api });
const consult = new ConsultScreen({
  api,
  client,
  state,
  ringer,
  connected: () => keeper.state === CONNECTED,
  onChange: () => calls.refresh(),
});
const colleagues = new ColleaguesScreen({ client, me: () => state.me });
const signIn = new SignInScreen({ client, ringer, onSignedIn: start });
const patientPage = new PatientPage({
  api,
  sections: ['patients', 'residents', 'pairing', 'colleagues', 'calls', 'recentConsults', 'dispatch', 'adminDevices', 'adminRecords', 'adminCounty'],
});
const openPatient = (patient, opener) => patientPage.open(patient, opener);
const invitation = new InvitationPanel({ client, api, me: () => state.me });
let recent = null;
let patientScreens = [];
let pairing = null;
let dispatch = null;
let adminScreens = [];

client.on('presence.update', (msg) => {
  patientScreens.forEach((s) => s.presence(msg));
  colleagues.presence(msg);
});

function showConnection(connection) {
  $('conn').dataset.state = connection;
  label($('conn'), 'conn.' + connection);
}

async function start(loginReply) {
  const welcome = await keeper.open(loginReply);
  state.me = welcome.party;
  state.role = welcome.party.role;
  label($('who'), 'who', { name: welcome.name || state.me.id, role: { key: 'role.' + state.role } });
  $('who').dataset.value = '';
  const clinician = state.role === 'TOWNSHIP_DOCTOR' || state.role === 'COUNTY_EXPERT';
  $('duty').hidden = !clinician;
  $('signOutBtn').hidden = false;
  consult.setRoles(state.role);
  buildScreens(state.role);
  signIn.hide();
  await loadLists();
}

/** Which screens a role gets (the server decides what each may see and do; this only lays them out). */
function buildScreens(role) {
  patientScreens = [];
  pairing = null;
  ['patients', 'residents', 'pairing'].forEach((id) => ($(id).hidden = true));
  if (role === 'TOWNSHIP_DOCTOR' || role === 'ADMIN') {
    patientScreens.push(new PatientsScreen({ client, api, canCall: role === 'TOWNSHIP_DOCTOR', onOpen: openPatient }));
  }
  if (role === 'CARE_HOME_STAFF') {
    patientScreens.push(new ResidentsScreen({ api, onCall: (call) => consult.update(call), onOpen: openPatient }));
  }
  patientScreens.forEach((s) => s.show());
  $('recentConsults').hidden = true;
  recent = role === 'COUNTY_EXPERT' ? new RecentConsultsScreen({ api, onOpen: openPatient }) : null;
  if (recent) recent.show();
  // care-home staff call residents, not colleagues (presence shows them no practitioners)
  $('colleagues').hidden = role === 'CARE_HOME_STAFF';
  if (['ADMIN', 'CARE_HOME_STAFF', 'TOWNSHIP_DOCTOR'].includes(role)) {
    pairing = new PairingScreen({
      api,
      patients: () => patientScreens.flatMap((s) => s.patients()),
      onPaired: () => loadLists(),
    });
    pairing.show();
  }
  // the dispatcher's and admin's desks
  ['dispatch', 'adminDevices', 'adminRecords', 'adminCounty'].forEach((id) => ($(id).hidden = true));
  if (dispatch) dispatch.stop();
  dispatch = role === 'DISPATCHER' ? new DispatchScreen({ api, experts: new OnDutyExpertsScreen({ api }) }) : null;
  if (dispatch) dispatch.show();
  adminScreens = role === 'ADMIN'
    ? [new AdminDevicesScreen({ api }), new AdminRecordsScreen({ api }), new AdminCountyScreen({ client, onLoaded: () => loadLists() })]
    : [];
  adminScreens.forEach((s) => s.show());
}

/** After sign-in and after every reconnect: lists, presence (a new socket subscribes again), calls. */
async function loadLists() {
  await guarded(async () => {
    await Promise.all([...patientScreens, ...adminScreens, ...(recent ? [recent] : [])].map((s) => s.load()));
    if (dispatch) await dispatch.refresh();
    if (pairing) pairing.refresh();
    const ack = await client.subscribePresence();
    colleagues.set(ack.presence || []);
    (ack.presence || []).filter((p) => p.kind === 'tv').forEach((p) => patientScreens.forEach((s) => s.presence(p)));
    await calls.refresh();
  }).catch(() => {});
}

function signOut() {
  keeper.stop();
  invitation.hide();
  if (dispatch) dispatch.stop();
  ringer.stop();
  if (state.call) consult.close(state.call, ['call.youLeft']);
  $('summary').hidden = true;
  Object.assign(state, { me: null, role: null, call: null, ringingCallId: null });
  $('ringing').hidden = true;
  if (!$('patientPage').hidden) patientPage.close();
  $('duty').hidden = true;
  $('onDuty').checked = false;
  $('signOutBtn').hidden = true;
  $('who').replaceChildren();
  delete $('who').dataset.i18n;
  signIn.show();
}

$('signOutBtn').addEventListener('click', signOut);
$('onDuty').addEventListener('change', (e) => guarded(() => client.setOnDuty(e.target.checked)).catch(() => {
  e.target.checked = !e.target.checked;
}));
$('langBtn').addEventListener('click', () => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN'));
onLocaleChange(() => ($('langBtn').lang = t('lang.switchCode')));

await setLocale(storedLocale());
