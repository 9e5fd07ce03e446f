// The connection's quality in words (good / fair / poor) with its numbers, from getStats of both
// PeerConnections: packet loss of what we receive over the last interval, the ICE round trip, and the
// frame rate of the video we receive (of what we send when no one sends us video).

/** Limits a person notices: over them a consult gets choppy (loss, delay) or jerky (frames). */
const FAIR = { loss: 3, rtt: 200, fps: 15 };
const POOR = { loss: 10, rtt: 400, fps: 8 };

/** 'good', 'fair' or 'poor' for loss (%), rtt (ms) and fps; a missing number does not count. */
export function grade({ loss, rtt, fps }) {
  const over = (limits) =>
    (loss !== null && loss >= limits.loss) || (rtt !== null && rtt >= limits.rtt) || (fps !== null && fps < limits.fps);
  if (over(POOR)) return 'poor';
  if (over(FAIR)) return 'fair';
  return 'good';
}

export class QualityMeter {
  constructor() {
    this.last = { lost: 0, received: 0 };
  }

  /**
   * Samples both PeerConnections: {loss, rtt, fps, audioLevels} where audioLevels maps an inbound audio
   * track id to its level (for the speaker highlight). Numbers are null while not measured.
   */
  async sample(publishPc, subscribePc) {
    let lost = 0;
    let received = 0;
    let rtt = null;
    let inboundFps = null;
    let outboundFps = null;
    const audioLevels = new Map();
    for (const pc of [publishPc, subscribePc]) {
      if (!pc || pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s) => {
        if (s.type === 'inbound-rtp') {
          lost += Math.max(0, s.packetsLost || 0);
          received += s.packetsReceived || 0;
          if (s.kind === 'video' && typeof s.framesPerSecond === 'number') {
            inboundFps = inboundFps === null ? s.framesPerSecond : Math.min(inboundFps, s.framesPerSecond);
          }
          if (s.kind === 'audio' && typeof s.audioLevel === 'number') audioLevels.set(s.trackIdentifier, s.audioLevel);
        } else if (s.type === 'outbound-rtp' && s.kind === 'video' && typeof s.framesPerSecond === 'number') {
          outboundFps = s.framesPerSecond;
        } else if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') {
          rtt = Math.max(rtt || 0, Math.round(s.currentRoundTripTime * 1000));
        }
      });
    }
    const dLost = lost - this.last.lost;
    const dReceived = received - this.last.received;
    this.last = { lost, received };
    const loss = dLost + dReceived > 0 ? Math.round((1000 * dLost) / (dLost + dReceived)) / 10 : null;
    const fps = inboundFps !== null ? Math.round(inboundFps) : outboundFps !== null ? Math.round(outboundFps) : null;
    return { loss, rtt, fps, audioLevels };
  }
}
