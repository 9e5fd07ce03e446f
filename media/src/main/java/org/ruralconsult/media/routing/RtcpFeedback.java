package org.ruralconsult.media.routing;

import java.util.List;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtcp.RtcpEncoder;
import org.ruralconsult.media.rtcp.RtcpException;
import org.ruralconsult.media.rtcp.RtcpHandler;
import org.ruralconsult.media.rtcp.TransportCcFeedback;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * RTCP from a participant: sender reports translated to consumers, NACKs answered from the
 * retransmission buffer or sent upstream, key frame requests and REMB passed to publishers, transport-cc
 * feedback from subscribers into their downlink estimate.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585">RFC 4585 RTP/AVPF feedback</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4588">RFC 4588 RTX</a>
 */
final class RtcpFeedback implements RtcpHandler {
    private final Worker worker;
    private final PacketCounters counters;
    private final int rtcpSsrc;
    private final KeyframeRequests keyframes;

    RtcpFeedback(CallContext call, KeyframeRequests keyframes) {
        this.worker = call.worker();
        this.counters = call.counters();
        this.rtcpSsrc = call.rtcpSsrc();
        this.keyframes = keyframes;
    }

    private Participant from;
    private boolean fromPublisher;
    private final int[] upstreamIds = new int[64];
    private final int[] upstreamMasks = new int[64];
    private int upstreamCount;
    private ProducerStream upstreamStream;
    private final TransportCcFeedback transportCc = new TransportCcFeedback();
    private Producer upstreamProducer;

    void from(Participant p, boolean publisher) {
        from = p;
        fromPublisher = publisher;
        upstreamCount = 0;
        upstreamStream = null;
    }

    @Override
    public void onSenderReport(int ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        if (!fromPublisher) {
            return;
        }
        StreamRef ref = from.streamsBySsrc.get(ssrc);
        if (ref == null || ref.rtx()) {
            return;
        }
        ProducerStream st = ref.producer().layers[ref.layer()];
        st.stats.lastSrMiddle = (ntp >>> 16) & 0xffffffffL;
        st.stats.lastSrArrivalNanos = System.nanoTime();
        List<Consumer> consumers = ref.producer().consumers;
        for (int i = 0, n = consumers.size(); i < n; i++) {
            Consumer c = consumers.get(i);
            if (!c.ready() || c.currentLayer != ref.layer()) {
                continue;
            }
            PacketScratch s = worker.rtcpScratch();
            s.setLength(RtcpEncoder.senderReport(
                    s.getBuffer(), 0, c.ssrc, ntp, c.outTimestamp(rtpTimestamp), c.packetsSent, c.octetsSent));
            if (c.subscriber.subscribeTransport.sendRtcp(s)) {
                counters.senderReportsTranslated++;
            }
        }
    }

    @Override
    public void onNack(int senderSsrc, int mediaSsrc, int packetId, int bitmask) {
        if (fromPublisher) {
            return;
        }
        Consumer c = from.consumersBySsrc.get(mediaSsrc);
        if (c == null || c.currentLayer < 0) {
            return;
        }
        counters.nackPacketsReceived++;
        ProducerStream st = c.producer.layers[c.currentLayer];
        long now = System.nanoTime();
        for (int bit = -1; bit < 16; bit++) {
            if (bit >= 0 && (bitmask & (1 << bit)) == 0) {
                continue;
            }
            int outSeq = (packetId + bit + 1) & 0xffff;
            counters.nackedSequences++;
            int seq = c.producerSeq(outSeq);
            int slot = st.buffer == null ? -1 : st.buffer.find(seq, now);
            if (slot >= 0) {
                PacketScratch out = worker.rtpScratch();
                int w = c.writeRtx(st.buffer.data(slot), 0, st.buffer.length(slot), out.getBuffer());
                if (w > 0) {
                    out.setLength(w);
                    if (c.subscriber.subscribeTransport.sendRtp(out)) {
                        counters.rtxSent++;
                        counters.retransmissionsFromBuffer++;
                    }
                }
            } else if (upstreamCount < upstreamIds.length) {
                upstreamStream = st;
                upstreamProducer = c.producer;
                upstreamIds[upstreamCount] = seq;
                upstreamMasks[upstreamCount] = 0;
                upstreamCount++;
            }
        }
    }

    /** NACKs for packets the relay never got go to the publisher, in its sequence numbers. */
    void flushUpstreamNacks() {
        if (upstreamCount == 0 || upstreamStream == null) {
            return;
        }
        WebRtcTransport t = upstreamProducer.publisher.publishTransport;
        if (t != null && t.isConnected() && upstreamStream.ssrc != 0) {
            PacketScratch s = worker.rtcpScratch();
            s.setLength(RtcpEncoder.nack(
                    s.getBuffer(), 0, rtcpSsrc, upstreamStream.ssrc, upstreamIds, upstreamMasks, upstreamCount));
            if (t.sendRtcp(s)) {
                counters.nacksForwarded++;
            }
        }
        upstreamCount = 0;
        upstreamStream = null;
    }

    @Override
    public void onRemb(int senderSsrc, long bitsPerSecond, byte[] b, int ssrcOffset, int ssrcCount) {
        if (fromPublisher || ssrcCount == 0) {
            return;
        }
        int video = 0;
        for (int i = 0; i < ssrcCount; i++) {
            Consumer c = from.consumersBySsrc.get(RtpHeader.readInt(b, ssrcOffset + 4 * i));
            if (c != null && c.producer.video) {
                video++;
            }
        }
        if (video == 0) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < ssrcCount; i++) {
            Consumer c = from.consumersBySsrc.get(RtpHeader.readInt(b, ssrcOffset + 4 * i));
            if (c != null && c.producer.video) {
                c.rembBitsPerSecond = bitsPerSecond / video;
                c.rembNanos = now;
            }
        }
    }

    /**
     * A subscriber's transport-cc feedback about what the relay sent it: into its downlink estimate (the
     * send-side estimator, draft-ietf-rmcat-gcc-02). Publishers get the relay's feedback, never send it here.
     */
    @Override
    public void onTransportCc(int senderSsrc, byte[] b, int off, int len) {
        WebRtcTransport t = from.subscribeTransport;
        if (fromPublisher || t == null || !t.sendsTransportCc()) {
            return;
        }
        try {
            transportCc.parse(b, off, len);
        } catch (RtcpException e) {
            counters.drop(DropReason.RTCP_MALFORMED); // the decoder checked it already; kept for safety
            return;
        }
        counters.transportCcReceived++;
        long now = System.nanoTime();
        from.downlink.onFeedback(transportCc, t.sentPackets(), now);
        if (tap != null) {
            tap.onTransportCc(from.id, b, off, len, t.sentPackets(), now, from.downlink.estimate());
        }
    }

    /** Test hook (see {@link FeedbackTap}); null: none. */
    FeedbackTap tap;

    @Override
    public void onKeyframeRequest(int senderSsrc, int mediaSsrc) {
        if (fromPublisher) {
            return;
        }
        counters.keyframeRequestsReceived++;
        Consumer c = from.consumersBySsrc.get(mediaSsrc);
        if (c != null) {
            keyframes.request(c.producer, c.currentLayer < 0 ? c.producer.targetLayer : c.currentLayer);
        }
    }
}
