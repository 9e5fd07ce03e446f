// Ringing and the live consult: accept or decline a ring; the others large with names (tiles), self view,
// mute, camera off, hang up, the connection's quality; a text to the TV, an expert invited, vitals and a
// note; a summary when it ends. The media (two PeerConnections) is MediaSession's; this screen follows the
// server's call snapshots (call.update) and never decides a call's state itself.
import { memberOf } from '../consult-client.js';
import { MediaSession, openLocalMedia } from '../media-session.js';
import { CallTiles } from '../consult/tiles.js';
import { QualityMeter, grade } from '../consult/quality.js';
import { InvitePanel } from '../consult/invite.js';
import { CallSummary } from '../consult/summary.js';
import { readVitals } from '../consult/vitals.js';
import { unlabel } from '../consult/unlabel.js';
import { $, el, formJson, guarded, toast } from '../dom.js';
import { label, t } from '../i18n.js';

const PRESENT = ['JOINED', 'DISCONNECTED'];
const CLINICIANS = ['TOWNSHIP_DOCTOR', 'COUNTY_EXPERT'];
/** The data saver's cap on what the relay sends each member (kbps): audio and a small picture. */
const DATA_SAVER_KBPS = 300;

export class ConsultScreen {
  /**
   * @param client the ConsultClient
   * @param api the RestApi (the county's experts for an invitation)
   * @param state the page's shared state (me, call, session, localStream): what the end-to-end tests read
   * @param ringer the Ringer
   * @param connected () => whether the socket is up (a DISCONNECTED call is rejoined only then)
   * @param onChange () => void: a call changed (the active-calls list refreshes)
   */
  constructor({ client, api, state, ringer, connected, onChange }) {
    this.client = client;
    this.state = state;
    this.ringer = ringer;
    this.connected = connected;
    this.onChange = onChange;
    this.tiles = new CallTiles($('videos'));
    this.quality = new QualityMeter();
    this.invite = new InvitePanel({ client, api, state });
    this.summary = new CallSummary();
    this.role = null;
    this.rejoining = null;
    this.wireButtons();
    this.wireForms();
    client.on('call.update', (msg) => this.update(msg.call));
    client.on('call.message', (msg) => this.logMessage(msg));
    client.on('presence.update', (msg) => this.presence(msg));
    client.on('media.speaker', (msg) => this.speaker(msg));
    client.on('media.video_paused', (msg) => this.videoPaused(msg));
    /** trackId → the height last asked for with media.prefer (asked again only when it changes). */
    this.preferred = new Map();
    // quality and the speaker highlight, every second while there is media
    setInterval(() => this.measure().catch(() => {}), 1000);
  }

  setRoles(role) {
    this.role = role;
    const clinician = CLINICIANS.includes(role);
    document.querySelectorAll('.clinician').forEach((e) => (e.hidden = !clinician));
    // vitals also from care-home staff at the resident's side (the server allows those who took part)
    document.querySelectorAll('.vitals-entry').forEach((e) => (e.hidden = !clinician && role !== 'CARE_HOME_STAFF'));
    // texts to the TV for those who hear badly: clinicians and care-home staff in the call
    const messenger = clinician || role === 'CARE_HOME_STAFF';
    document.querySelectorAll('.messenger').forEach((e) => (e.hidden = !messenger));
    // the data saver caps the whole call: those who run the consult set it (docs/protocol.md media.cap)
    document.querySelectorAll('.data-saver').forEach((e) => (e.hidden = !messenger));
    // the expert joins someone else's consult: they leave it, the doctor or the staff end it
    $('endBtn').hidden = role === 'COUNTY_EXPERT';
  }

  wireButtons() {
    $('acceptBtn').onclick = () => guarded(() => this.client.accept(this.state.ringingCallId));
    $('declineBtn').onclick = () => guarded(() => this.client.decline(this.state.ringingCallId));
    $('endBtn').onclick = () => guarded(() => this.client.end(this.state.call.id, 'consult finished'));
    $('leaveBtn').onclick = () => guarded(() => this.client.leave(this.state.call.id));
    $('muteBtn').onclick = () => this.toggle('muteBtn', 'audio');
    $('cameraBtn').onclick = () => this.toggle('cameraBtn', 'video');
    $('summaryCloseBtn').onclick = () => ($('summary').hidden = true);
    $('audioOnlyBtn').onclick = () => this.setAudioOnly($('audioOnlyBtn').getAttribute('aria-pressed') !== 'true');
    $('pausedAudioOnlyBtn').onclick = () => this.setAudioOnly(true);
    $('dataSaver').onchange = (e) => {
      const session = this.state.session;
      if (session && session.cap) guarded(() => session.cap(e.target.checked ? DATA_SAVER_KBPS : 0));
    };
  }

  /**
   * Audio only (before the media starts it is kept and applied at the start): no video either way; the
   * camera button has nothing to switch meanwhile.
   */
  async setAudioOnly(on) {
    const session = this.state.session;
    if (!session || !session.setAudioOnly) return;
    await guarded(() => session.setAudioOnly(on));
    $('audioOnlyBtn').setAttribute('aria-pressed', String(session.audioOnly));
    $('cameraBtn').disabled = session.audioOnly || this.state.mediaMissing !== 'none';
    $('selfView').closest('figure').hidden = session.audioOnly || this.state.mediaMissing !== 'none';
    $('call').dataset.audioOnly = String(session.audioOnly);
    if (session.audioOnly) $('pausedAudioOnlyBtn').hidden = true;
    else this.sendPreferences();
  }

  /** media.speaker from the server: the speaker's tile large, and the relay told the new sizes. */
  speaker(msg) {
    if (!this.state.call || msg.callId !== this.state.call.id) return;
    this.tiles.speaker(msg.participantId);
    this.sendPreferences();
  }

  /** media.video_paused: my link cannot carry video now; sound goes on. Offer audio only. */
  videoPaused(msg) {
    if (!this.state.call || msg.callId !== this.state.call.id) return;
    const box = $('videoPaused');
    box.hidden = !msg.paused;
    box.dataset.estimate = String(msg.estimateKbps);
    const session = this.state.session;
    $('pausedAudioOnlyBtn').hidden = !!(session && session.audioOnly);
  }

  /**
   * media.prefer for every remote video track, by its tile's size (large ≈ 720, thumbnail ≈ 180);
   * only what changed since the last ask. In audio only the relay sends no video: nothing to ask.
   */
  sendPreferences() {
    const session = this.state.session;
    if (!session || !session.remoteTracks || session.audioOnly) return;
    for (const track of session.remoteTracks) {
      if (track.kind !== 'video') continue;
      const height = this.tiles.heightFor(track.participantId);
      if (this.preferred.get(track.trackId) === height) continue;
      this.preferred.set(track.trackId, height);
      session.prefer(track.trackId, height).catch((e) => {
        this.preferred.delete(track.trackId);
        console.warn('media.prefer', e);
      });
    }
  }

  /** Mute / camera off: pressed means the track is off; the button says so by aria-pressed. */
  toggle(buttonId, kind) {
    const button = $(buttonId);
    const off = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(off));
    if (this.state.session && this.state.session.setEnabled) this.state.session.setEnabled(kind, !off);
  }

  wireForms() {
    $('vitalsForm').addEventListener('submit', (e) => {
      e.preventDefault();
      this.sendVitals(e.target);
    });
    this.onSubmit('noteForm', (form) => {
      const { reason, note } = formJson(form);
      return this.client.note(this.state.call.id, reason, note).then(() => {
        this.summary.recordedNote();
        form.reset();
      });
    }, 'note.done');
    this.onSubmit('messageForm', (form) => this.client.message(this.state.call.id, formJson(form).text).then((reply) => {
      if (reply) form.reset();
    }));
  }

  /** Vitals checked against their ranges here first: a refusal names the field and stays until fixed. */
  sendVitals(form) {
    const error = $('vitalsError');
    [...form.elements].forEach((input) => input.removeAttribute('aria-invalid'));
    const checked = readVitals(form);
    if (checked.error) {
      label(error, checked.error.key);
      form.elements[checked.error.field].setAttribute('aria-invalid', 'true');
      form.elements[checked.error.field].focus();
      return;
    }
    unlabel(error);
    guarded(() => this.client.vitals(this.state.call.id, checked.values)).then(() => {
      this.summary.recordedVitals(checked.values);
      form.reset();
      toast('vitals.done');
    }, () => {});
  }

  onSubmit(id, send, doneKey) {
    $(id).addEventListener('submit', (e) => {
      e.preventDefault();
      guarded(() => send(e.target)).then(() => doneKey && toast(doneKey), () => {});
    });
  }

  /** A call snapshot from the server (push or reply). */
  update(call) {
    const me = this.state.me;
    const mine = me && memberOf(call, me.id);
    if (!mine) return;
    this.ring(call, mine);
    const previous = this.state.call && this.state.call.id === call.id ? this.state.call : null;
    if (previous && call.version < previous.version) return; // an older snapshot overtaken by a newer one
    if (PRESENT.includes(mine.state) && call.state !== 'ENDED') {
      if (previous) this.announceChanges(previous, call);
      this.state.call = call;
      this.show(call);
      if (mine.state === 'DISCONNECTED') this.rejoin(call);
    } else if (previous) {
      this.close(call, call.state === 'ENDED' ? ['call.ended', { outcome: { key: `outcome.${call.outcome || 'COMPLETED'}` } }] : ['call.youLeft']);
    }
    this.onChange();
  }

  ring(call, mine) {
    if (mine.state === 'RINGING') {
      this.state.ringingCallId = call.id;
      const caller = memberOf(call, call.caller.id);
      const callerName = caller ? caller.name : call.caller.id;
      const lines = [['ring.from', { caller: callerName }]];
      if (call.patientName) lines.push(['ring.patient', { patient: call.patientName }]);
      if (mine.reason) lines.push(['ring.reason', { reason: mine.reason }]);
      $('ringText').replaceChildren(...lines.map(([key, params]) => el('span', { text: [key, params], attrs: { class: 'line' } })));
      if ($('ringing').hidden) {
        $('ringing').hidden = false;
        $('acceptBtn').focus();
      }
      this.ringer.start(t('ring.notificationTitle'), lines.map(([key, params]) => t(key, params)).join('\n'), call.id);
    } else if (this.state.ringingCallId === call.id) {
      $('ringing').hidden = true;
      this.state.ringingCallId = null;
      this.ringer.stop();
    }
  }

  /**
   * The socket is back (called once the keeper says connected): rejoin the call if we are still
   * DISCONNECTED in it. The server's snapshot on the new socket can be handled before the keeper has
   * marked the connection up, and then rejoin() below skipped it.
   */
  resume() {
    const call = this.state.call;
    const mine = call && this.state.me && memberOf(call, this.state.me.id);
    if (mine && mine.state === 'DISCONNECTED') this.rejoin(call);
  }

  /** Back on a new socket within the grace period: ask to be JOINED again (once per dropped call). */
  rejoin(call) {
    if (!this.connected() || this.rejoining === call.id) return;
    this.rejoining = call.id;
    this.client.rejoin(call.id).then(
      (ack) => {
        this.rejoining = null;
        toast('call.rejoined');
        if (ack.call) this.update(ack.call);
      },
      () => (this.rejoining = null),
    );
  }

  /** Joins and departures as notices; the TV or the other side gone as a standing alert one can act on. */
  announceChanges(before, after) {
    for (const m of after.members) {
      if (m.party.id === this.state.me.id) continue;
      const was = memberOf(before, m.party.id);
      const tv = m.party.role === 'PATIENT_DEVICE';
      if (m.state === 'JOINED' && (!was || was.state !== 'JOINED')) {
        toast('call.joined', { name: m.name });
        if (was) this.alert(null);
      }
      if (m.state === 'DISCONNECTED' && was && was.state === 'JOINED') {
        toast('call.lost', { name: m.name });
        this.alert(tv ? 'consult.tvLost' : 'consult.otherLost', { name: m.name });
      }
      if (m.state === 'LEFT' && was && was.state !== 'LEFT') {
        toast('call.left', { name: m.name });
        this.alert(tv ? 'consult.tvLeft' : 'consult.otherLeft', { name: m.name });
      }
    }
  }

  /** A TV in my call switched off or lost its network: say so while the call waits for it. */
  presence(msg) {
    const call = this.state.call;
    const member = call && msg.kind === 'tv' && memberOf(call, msg.partyId);
    if (member && msg.status === 'OFFLINE') this.alert('consult.tvOffline', { name: member.name });
  }

  alert(key, params) {
    const box = $('callAlert');
    box.hidden = !key;
    if (key) label(box, key, params);
    else unlabel(box);
  }

  async show(call) {
    if ($('call').hidden) {
      $('summary').hidden = true;
      this.alert(null);
      if (this.role === 'TOWNSHIP_DOCTOR' || this.role === 'COUNTY_EXPERT') this.invite.load().catch(() => {});
    }
    $('call').hidden = false;
    // a call between practitioners has no patient: nothing to record or send to a TV
    $('call').dataset.patient = call.patientId ? 'yes' : 'no';
    this.summary.seen(call);
    if (this.tiles.members(call, this.state.me.id)) this.sendPreferences();
    this.invite.show(call);
    if (!this.state.session) label($('callState'), call.state === 'ACTIVE' ? 'call.live' : 'call.ringing');
    if (call.state !== 'ACTIVE' || this.state.session) return;
    this.state.session = 'starting';
    const local = await openLocalMedia();
    if (this.state.session !== 'starting' || !this.state.call || this.state.call.id !== call.id) {
      // the call ended (or another began) while the camera was being opened, e.g. at the permission prompt
      if (local.stream) local.stream.getTracks().forEach((t) => t.stop());
      return;
    }
    this.state.localStream = local.stream;
    this.state.mediaMissing = local.missing;
    $('selfView').srcObject = local.stream;
    $('selfView').closest('figure').hidden = local.missing !== 'none';
    this.showMediaNotice(local);
    const session = new MediaSession(
      this.client,
      call.id,
      local.stream,
      (id, stream, track) => {
        if (this.tiles.stream(id, stream, track)) this.sendPreferences();
      },
      () => this.sendPreferences(),
    );
    this.state.session = session;
    window.consult.session = session;
    label($('callState'), 'call.live');
    await guarded(() => session.start());
  }

  /** Camera or microphone blocked or absent: we still join and receive; say what the others miss. */
  showMediaNotice({ missing, reason }) {
    const notice = $('mediaNotice');
    notice.hidden = missing === 'none';
    $('muteBtn').disabled = missing === 'all';
    $('cameraBtn').disabled = missing !== 'none';
    if (missing === 'none') return;
    const absent = reason === 'NotFoundError' || reason === 'OverconstrainedError';
    const key = missing === 'camera'
      ? (absent ? 'consult.noCameraAudioOnly' : 'consult.cameraBlockedAudioOnly')
      : (absent ? 'consult.noDevicesReceiveOnly' : 'consult.blockedReceiveOnly');
    label(notice, key);
  }

  close(call, message) {
    const session = this.state.session;
    if (session && session.close) session.close();
    this.state.session = null;
    window.consult.session = null;
    if (this.state.localStream) this.state.localStream.getTracks().forEach((track) => track.stop());
    this.state.localStream = null;
    this.state.call = null;
    this.tiles.clear();
    this.invite.clear();
    this.quality = new QualityMeter();
    ['muteBtn', 'cameraBtn', 'audioOnlyBtn'].forEach((id) => $(id).setAttribute('aria-pressed', 'false'));
    $('dataSaver').checked = false;
    $('videoPaused').hidden = true;
    delete $('call').dataset.audioOnly;
    this.preferred.clear();
    $('selfView').closest('figure').hidden = false;
    $('mediaNotice').hidden = true;
    $('quality').dataset.grade = 'none';
    unlabel($('quality'));
    $('call').hidden = true;
    $('messageLog').replaceChildren();
    toast(...message);
    this.summary.show(call);
  }

  /** Every member sees the messages of the call (the sender too, from every tab), as the TV showed them. */
  logMessage(msg) {
    if (!this.state.call || msg.callId !== this.state.call.id) return;
    this.summary.textSent();
    $('messageLog').append(el('li', { text: ['message.line', { time: { instant: msg.at }, name: msg.from.name, text: msg.text }] }));
  }

  /** One getStats sample: the quality indicator (words, shape, numbers) and the speaker highlight. */
  async measure() {
    const session = this.state.session;
    if (!session || !session.subscribePc) return;
    const sample = await this.quality.sample(session.publishPc, session.subscribePc);
    this.tiles.speaking(sample.audioLevels);
    const q = $('quality');
    if (sample.loss === null && sample.rtt === null && sample.fps === null) {
      q.dataset.grade = 'none';
      label(q, 'consult.qualityMeasuring');
      return;
    }
    const g = grade(sample);
    q.dataset.grade = g;
    q.dataset.loss = sample.loss === null ? '' : String(sample.loss);
    q.dataset.rtt = sample.rtt === null ? '' : String(sample.rtt);
    q.dataset.fps = sample.fps === null ? '' : String(sample.fps);
    const unknown = { key: 'consult.unmeasured' };
    label(q, 'consult.quality', {
      grade: { key: `consult.grade.${g}` },
      loss: sample.loss === null ? unknown : sample.loss,
      rtt: sample.rtt === null ? unknown : sample.rtt,
      fps: sample.fps === null ? unknown : sample.fps,
    });
  }
}
