// Both PeerConnections of one participant in one call (DESIGN.md "Media relay"): a publish one, where
// the browser offers and the server answers, and a subscribe one, where the server offers (again each
// time tracks come and go) and the browser answers. No SDP munging, no trickle: the server is ICE-lite
// and puts its candidate in its SDP; it learns ours from our connectivity checks.

function iceGatheringDone(pc, timeoutMs = 3000) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState === 'complete') {
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      }
    };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, timeoutMs);
  });
}

/**
 * The camera goes out as simulcast (RFC 8853 rids, low to high): the relay sends each member the layer its
 * link carries and the size it shows (the elder's TV behind a radio link gets q while the county expert
 * gets f). Two layers because the camera is 640×480: libwebrtc sends at most two of that size.
 */
export const SIMULCAST = [
  { rid: 'q', scaleResolutionDownBy: 2, maxBitrate: 150_000 },
  { rid: 'f', maxBitrate: 800_000 },
];

/**
 * Camera and microphone, or what is left of them: {stream, missing} where missing is 'none', 'camera'
 * (blocked or absent: audio only) or 'all' (stream null: the member only receives), and reason the
 * browser's error name (NotAllowedError when blocked, NotFoundError when absent).
 */
export async function openLocalMedia() {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    return { stream, missing: 'none', reason: null };
  } catch (e) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      return { stream, missing: 'camera', reason: e.name };
    } catch (e2) {
      return { stream: null, missing: 'all', reason: e.name };
    }
  }
}

/**
 * The m-sections of the relay's subscribe offer: {mid, kind, participantId, trackId, active}. The msid's
 * stream id is the publisher's participant id and its track id the relay's producer id, the id that
 * media.prefer names (docs/protocol.md); a recycled section has msid "- -" or none.
 */
export function offeredTracks(sdp) {
  const tracks = [];
  let current = null;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      current = { mid: null, kind: line.slice(2).split(' ')[0], participantId: null, trackId: null, active: true };
      tracks.push(current);
    } else if (current && line.startsWith('a=mid:')) {
      current.mid = line.slice(6).trim();
    } else if (current && line.startsWith('a=msid:')) {
      const [stream, track] = line.slice(7).trim().split(' ');
      if (stream !== '-') {
        current.participantId = stream;
        current.trackId = track;
      }
    } else if (current && line === 'a=inactive') {
      current.active = false;
    }
  }
  return tracks.filter((x) => x.active && x.trackId);
}

export class MediaSession {
  /**
   * @param client a ConsultClient
   * @param callId the live call
   * @param localStream camera + microphone (may be null for receive-only)
   * @param onRemoteStream (participantId, MediaStream) => void; the stream id is the publisher's id
   */
  constructor(client, callId, localStream, onRemoteStream, onTracksChanged = () => {}) {
    this.client = client;
    this.callId = callId;
    this.localStream = localStream;
    this.onRemoteStream = onRemoteStream;
    this.onTracksChanged = onTracksChanged;
    /** The others' tracks of the latest subscribe offer answered (offeredTracks). */
    this.remoteTracks = [];
    this.audioOnly = false;
    this.publishPc = null;
    this.subscribePc = null;
    this.offerHandler = (msg) => {
      if (msg.callId === this.callId) this.answerSubscribeOffer(msg.sdp).catch((e) => console.error(e));
    };
    client.on('media.offer', this.offerHandler);
  }

  async start() {
    this.subscribePc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.subscribePc.ontrack = (e) => {
      const stream = e.streams[0] || new MediaStream([e.track]);
      this.onRemoteStream(stream.id, stream, e.track);
    };
    // nothing to send (no camera and no microphone, or both blocked): receive all the same
    if (this.localStream) await this.publish();
    else await this.client.request('media.receive', { callId: this.callId });
  }

  /** Mute or camera off: the track stays sent, as silence or black, so nothing is renegotiated. */
  setEnabled(kind, enabled) {
    if (!this.localStream) return;
    this.localStream.getTracks().filter((track) => track.kind === kind).forEach((track) => (track.enabled = enabled));
  }

  async publish() {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.publishPc = pc;
    for (const track of this.localStream.getTracks()) {
      const init = { direction: 'sendonly', streams: [this.localStream] };
      if (track.kind === 'video') init.sendEncodings = SIMULCAST;
      const transceiver = pc.addTransceiver(track, init);
      if (track.kind === 'video') this.videoSender = transceiver.sender;
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await iceGatheringDone(pc);
    const reply = await this.client.request('media.publish', { callId: this.callId, sdp: pc.localDescription.sdp });
    await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
  }

  async answerSubscribeOffer(sdp) {
    const pc = this.subscribePc;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await iceGatheringDone(pc);
    await this.client.request('media.subscribe', { callId: this.callId, sdp: pc.localDescription.sdp });
    this.remoteTracks = offeredTracks(sdp);
    this.onTracksChanged(this.remoteTracks);
  }

  /**
   * Audio only: the relay stops sending us video (media.audio_only) and we stop sending ours: the
   * camera's track leaves the sender (replaceTrack(null): no video RTP, no renegotiation) and is stopped,
   * so the camera light goes off. Off again: a fresh camera track goes back into the same sender.
   */
  async setAudioOnly(on) {
    await this.client.request('media.audio_only', { callId: this.callId, on });
    this.audioOnly = on;
    // nothing to stop when we publish no camera (blocked, absent, or receive only)
    if (!this.localStream || !this.videoSender) return;
    if (on) {
      await this.videoSender.replaceTrack(null);
      this.localStream.getVideoTracks().forEach((track) => {
        track.stop();
        this.localStream.removeTrack(track);
      });
    } else {
      const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
      const track = camera.getVideoTracks()[0];
      this.localStream.addTrack(track);
      await this.videoSender.replaceTrack(track);
    }
  }

  /** The data saver: caps what the relay sends each member of the call (kbps; 0 = off). */
  async cap(maxKbps) {
    await this.client.request('media.cap', { callId: this.callId, maxKbps });
  }

  /** The largest height we want of one remote video track (0 = none of it). */
  async prefer(trackId, maxHeight) {
    await this.client.request('media.prefer', { callId: this.callId, trackId, maxHeight });
  }

  /** After a network change: new ICE credentials for both directions. */
  async restartIce() {
    if (this.publishPc) {
      const offer = await this.publishPc.createOffer({ iceRestart: true });
      await this.publishPc.setLocalDescription(offer);
      await iceGatheringDone(this.publishPc);
      const reply = await this.client.request('media.publish', {
        callId: this.callId,
        sdp: this.publishPc.localDescription.sdp,
      });
      await this.publishPc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    }
    await this.client.request('media.ice_restart', { callId: this.callId, pc: 'subscribe' });
  }

  /** Inbound RTP of the subscribe side, per kind: what the end-to-end tests read. */
  async inboundStats() {
    const out = [];
    if (!this.subscribePc) return out;
    const report = await this.subscribePc.getStats();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        out.push({
          kind: s.kind,
          mid: s.mid,
          trackIdentifier: s.trackIdentifier,
          bytesReceived: s.bytesReceived,
          packetsReceived: s.packetsReceived,
          packetsLost: s.packetsLost,
          framesDecoded: s.framesDecoded || 0,
          nackCount: s.nackCount || 0,
        });
      }
    });
    return out;
  }

  close() {
    if (this.publishPc) this.publishPc.close();
    if (this.subscribePc) this.subscribePc.close();
    this.client.off('media.offer', this.offerHandler);
  }
}
