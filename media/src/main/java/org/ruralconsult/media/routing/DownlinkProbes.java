package org.ruralconsult.media.routing;

import org.ruralconsult.media.bwe.SendSideEstimator;
import org.ruralconsult.media.bwe.SentPacketHistory;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * Probing of subscribers' downlinks: when a member's estimator wants a probe (the allocator would send
 * more than the estimate), a cluster of padding-only packets goes out on the RTX stream of one of its video
 * consumers, numbered by the transport like media; the feedback about them tells the estimator what the
 * link carried. The cluster is sent as one burst (the relay has no pacer): the bottleneck spreads it, and
 * the receive rate is the measure.
 */
final class DownlinkProbes {
    /** Padding per probe packet: the most one RTP padding count byte can say. */
    static final int PADDING_BYTES = 255;

    private static final int PACKET_BYTES = PADDING_BYTES + 12 + 12;
    private static final int MAX_PACKETS = 100;

    private final Worker worker;
    private final PacketCounters counters;

    DownlinkProbes(CallContext call) {
        this.worker = call.worker();
        this.counters = call.counters();
    }

    void tick(Iterable<Participant> participants, long capBps, long nowNanos) {
        for (Participant p : participants) {
            WebRtcTransport t = p.subscribeTransport;
            if (t == null || !t.isConnected() || !t.sendsTransportCc()) {
                continue;
            }
            SendSideEstimator e = p.downlink;
            e.cap(capBps);
            e.desiredBitrate(p.desiredBitrateBps > 0 ? p.desiredBitrateBps : guessDesired(p));
            Consumer via = probeCarrier(p);
            if (via == null) {
                continue;
            }
            int bytes = e.probeBytesDue(nowNanos);
            if (bytes > 0) {
                send(
                        t,
                        via,
                        e,
                        Math.min(MAX_PACKETS, Math.max(5, (bytes + PACKET_BYTES - 1) / PACKET_BYTES)),
                        nowNanos);
            }
        }
    }

    private void send(WebRtcTransport t, Consumer via, SendSideEstimator e, int packets, long nowNanos) {
        SentPacketHistory history = t.sentPackets();
        int first = history.nextSequence();
        history.probeCluster(e.probeCluster());
        int sent = 0;
        for (int i = 0; i < packets; i++) {
            PacketScratch out = worker.rtpScratch();
            int w = via.writePadding(out.getBuffer(), PADDING_BYTES);
            if (w <= 0) {
                break;
            }
            out.setOffset(0);
            out.setLength(w);
            if (t.sendRtp(out)) {
                sent++;
            }
        }
        history.probeCluster(-1);
        if (sent > 0) {
            e.probeSent(first, (history.nextSequence() - 1) & 0xffff, sent, nowNanos);
            counters.probeClustersSent++;
            counters.probePacketsSent += sent;
        }
    }

    /** A ready video consumer with an RTX stream (the subscriber discards padding there). */
    private static Consumer probeCarrier(Participant p) {
        for (int i = 0, n = p.consumers.size(); i < n; i++) {
            Consumer c = p.consumers.get(i);
            if (c.producer.video && c.rtxSsrc != 0 && c.ready() && c.currentLayer >= 0) {
                return c;
            }
        }
        return null;
    }

    /** Without an allocator's wish: the best layer of every producer the member receives, last second. */
    private static long guessDesired(Participant p) {
        long bps = 0;
        for (int i = 0, n = p.consumers.size(); i < n; i++) {
            Consumer c = p.consumers.get(i);
            long best = 0;
            for (ProducerStream s : c.producer.layers) {
                best = Math.max(best, s.stats.bytesLastPeriod * 8);
            }
            bps += best;
        }
        return bps;
    }
}
