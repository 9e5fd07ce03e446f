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

export class MediaSession {
  /**
   * @param client a ConsultClient
   * @param callId the live call
   * @param localStream camera + microphone (may be null for receive-only)
   * @param onRemoteStream (participantId, MediaStream) => void; the stream id is the publisher's id
   */
  constructor(client, callId, localStream, onRemoteStream) {
    this.client = client;
    this.callId = callId;
    this.localStream = localStream;
    this.onRemoteStream = onRemoteStream;
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
      pc.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream] });
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
