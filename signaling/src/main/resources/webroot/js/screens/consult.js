// Ringing and the live consult: accept or decline a ring, the videos, end or leave, a text to the TV,
// an expert invited, vitals and a note. The media (two PeerConnections) is MediaSession's; this screen
// follows the server's call snapshots (call.update) and never decides a call's state itself.
import { memberOf } from '../consult-client.js';
import { MediaSession } from '../media-session.js';
import { $, el, formJson, guarded, toast } from '../dom.js';
import { label, t } from '../i18n.js';

const PRESENT = ['JOINED', 'DISCONNECTED'];

export class ConsultScreen {
  /**
   * @param client the ConsultClient
   * @param state the page's shared state (me, call, session, localStream): what the end-to-end tests read
   * @param ringer the Ringer
   * @param connected () => whether the socket is up (a DISCONNECTED call is rejoined only then)
   * @param onChange () => void: a call changed (the active-calls list refreshes)
   */
  constructor({ client, state, ringer, connected, onChange }) {
    this.client = client;
    this.state = state;
    this.ringer = ringer;
    this.connected = connected;
    this.onChange = onChange;
    this.tiles = new Map();
    this.rejoining = null;
    this.wireButtons();
    this.wireForms();
    client.on('call.update', (msg) => this.update(msg.call));
    client.on('call.message', (msg) => this.logMessage(msg));
    // connection quality for the doctor: loss over everything received, every 2 s
    setInterval(() => this.showQuality(), 2000);
  }

  setRoles(role) {
    const clinician = role === 'TOWNSHIP_DOCTOR' || role === 'COUNTY_EXPERT';
    document.querySelectorAll('.clinician').forEach((e) => (e.hidden = !clinician));
    // texts to the TV for those who hear badly: clinicians and care-home staff in the call
    const messenger = clinician || role === 'CARE_HOME_STAFF';
    document.querySelectorAll('.messenger').forEach((e) => (e.hidden = !messenger));
  }

  wireButtons() {
    $('acceptBtn').onclick = () => guarded(() => this.client.accept(this.state.ringingCallId));
    $('declineBtn').onclick = () => guarded(() => this.client.decline(this.state.ringingCallId));
    $('endBtn').onclick = () => guarded(() => this.client.end(this.state.call.id, 'consult finished'));
    $('leaveBtn').onclick = () => guarded(() => this.client.leave(this.state.call.id));
  }

  wireForms() {
    this.onSubmit('inviteForm', (form) => this.client.invite(this.state.call.id, formJson(form)), 'invite.done');
    this.onSubmit('vitalsForm', (form) => this.client.vitals(this.state.call.id, formJson(form)), 'vitals.done');
    this.onSubmit('noteForm', (form) => {
      const { reason, note } = formJson(form);
      return this.client.note(this.state.call.id, reason, note);
    }, 'note.done');
    this.onSubmit('messageForm', (form) => this.client.message(this.state.call.id, formJson(form).text).then((reply) => {
      if (reply) form.reset();
    }));
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
      this.close(call.state === 'ENDED' ? ['call.ended', { outcome: { key: 'outcome.' + (call.outcome || 'COMPLETED') } }] : ['call.youLeft']);
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

  announceChanges(before, after) {
    for (const m of after.members) {
      if (m.party.id === this.state.me.id) continue;
      const was = memberOf(before, m.party.id);
      if (m.state === 'JOINED' && (!was || was.state !== 'JOINED')) toast('call.joined', { name: m.name });
      if (m.state === 'DISCONNECTED' && was && was.state === 'JOINED') toast('call.lost', { name: m.name });
      if (m.state === 'LEFT' && was && was.state !== 'LEFT') toast('call.left', { name: m.name });
    }
  }

  async show(call) {
    $('call').hidden = false;
    if (!this.state.session) label($('callState'), call.state === 'ACTIVE' ? 'call.live' : 'call.ringing');
    if (call.state !== 'ACTIVE' || this.state.session) return;
    this.state.session = 'starting';
    try {
      this.state.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      $('selfView').srcObject = this.state.localStream;
    } catch (e) {
      toast('call.noCamera');
      this.state.localStream = null;
    }
    const session = new MediaSession(this.client, call.id, this.state.localStream, (id, stream) => this.addRemote(id, stream));
    this.state.session = session;
    window.consult.session = session;
    await guarded(() => session.start());
  }

  addRemote(participantId, stream) {
    let tile = this.tiles.get(participantId);
    if (!tile) {
      const member = this.state.call && memberOf(this.state.call, participantId);
      tile = el('figure', { attrs: { class: 'tile' } });
      tile.dataset.participant = participantId;
      const video = el('video');
      video.autoplay = true;
      video.playsInline = true;
      tile.append(video, el('figcaption', { data: member ? member.name : participantId }));
      $('videos').append(tile);
      this.tiles.set(participantId, tile);
    }
    tile.querySelector('video').srcObject = stream;
  }

  close(message) {
    const session = this.state.session;
    if (session && session.close) session.close();
    this.state.session = null;
    window.consult.session = null;
    if (this.state.localStream) this.state.localStream.getTracks().forEach((track) => track.stop());
    this.state.localStream = null;
    this.state.call = null;
    this.tiles.forEach((tile) => tile.remove());
    this.tiles.clear();
    $('call').hidden = true;
    $('messageLog').replaceChildren();
    toast(...message);
  }

  /** Every member sees the messages of the call (the sender too, from every tab), as the TV showed them. */
  logMessage(msg) {
    if (!this.state.call || msg.callId !== this.state.call.id) return;
    $('messageLog').append(el('li', { text: ['message.line', { time: { instant: msg.at }, name: msg.from.name, text: msg.text }] }));
  }

  async showQuality() {
    const session = this.state.session;
    if (!session || !session.inboundStats) return;
    const stats = await session.inboundStats();
    const lost = stats.reduce((a, s) => a + (s.packetsLost || 0), 0);
    const got = stats.reduce((a, s) => a + (s.packetsReceived || 0), 0);
    label($('callState'), 'call.liveLoss', { loss: got ? ((100 * lost) / (lost + got)).toFixed(1) : '0.0' });
  }
}
