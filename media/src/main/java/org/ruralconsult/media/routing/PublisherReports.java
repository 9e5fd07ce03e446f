package org.ruralconsult.media.routing;

import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtcp.RtcpEncoder;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * Once a second, to each publisher: a receiver report for its streams (RFC 3550 §6.4.2) and, with it, a
 * REMB: without adaptation the lowest REMB among the subscribers of its video; with adaptation only the
 * call's cap when one is set (the publisher's own estimator runs on the relay's transport-cc feedback, and
 * a weak subscriber is served a lower simulcast layer rather than starving everyone).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2">RFC 3550 §6.4.2 RR</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03">REMB</a>
 */
final class PublisherReports {
    private final Worker worker;
    private final PacketCounters counters;
    private final int rtcpSsrc;

    PublisherReports(CallContext call) {
        this.worker = call.worker();
        this.counters = call.counters();
        this.rtcpSsrc = call.rtcpSsrc();
    }

    /**
     * Once a second: receiver reports to publishers, simulcast target layers.
     *
     * @param adaptive the relay adapts per subscriber (no subscriber REMB passed on)
     * @param capBps the call's cap in bits/s, sent as REMB when adaptive; 0: none
     */
    void send(Iterable<Participant> participants, boolean adaptive, long capBps) {
        long now = System.nanoTime();
        for (Participant p : participants) {
            WebRtcTransport t = p.publishTransport;
            if (t == null || !t.isConnected() || p.producersByMid.isEmpty()) {
                continue;
            }
            PacketScratch s = worker.rtcpScratch();
            byte[] b = s.getBuffer();
            int blocks = 0;
            int q = 8;
            for (Producer producer : p.producersByMid.values()) {
                producer.chooseTargetLayer();
                for (ProducerStream st : producer.layers) {
                    if (!st.stats.started() || blocks == 31) {
                        continue;
                    }
                    long dlsr = st.stats.lastSrArrivalNanos == 0
                            ? 0
                            : (now - st.stats.lastSrArrivalNanos) * 65536 / 1_000_000_000L;
                    q = RtcpEncoder.reportBlock(
                            b,
                            q,
                            st.ssrc,
                            st.stats.takeFractionLost(),
                            st.stats.cumulativeLost(),
                            st.stats.extendedHighest(),
                            st.stats.jitter(),
                            st.stats.lastSrMiddle,
                            dlsr);
                    blocks++;
                }
            }
            if (blocks == 0) {
                continue;
            }
            RtcpEncoder.receiverReport(b, 0, rtcpSsrc, blocks);
            q = adaptive ? appendCap(p, b, q, capBps) : appendRemb(p, b, q, now);
            s.setLength(q);
            if (t.sendRtcp(s)) {
                counters.receiverReportsSent++;
            }
        }
        worker.output().flush();
    }

    private final int[] rembSsrcs = new int[8];

    /** REMB of the call's cap for the publisher's video streams (metered links); nothing without a cap. */
    private int appendCap(Participant p, byte[] b, int q, long capBps) {
        if (capBps <= 0) {
            return q;
        }
        int n = 0;
        for (Producer producer : p.producersByMid.values()) {
            for (ProducerStream st : producer.layers) {
                if (producer.video && st.ssrc != 0 && n < rembSsrcs.length) {
                    rembSsrcs[n++] = st.ssrc;
                }
            }
        }
        if (n == 0) {
            return q;
        }
        counters.rembSent++;
        return RtcpEncoder.remb(b, q, rtcpSsrc, capBps, rembSsrcs, n);
    }

    /**
     * REMB to a publisher: for its video, the lowest estimate among its subscribers (each
     * subscriber's REMB split evenly over the video streams it receives), so the publisher sends
     * what the slowest subscriber can take. Estimates older than 3 s are ignored.
     */
    private int appendRemb(Participant p, byte[] b, int q, long now) {
        long min = Long.MAX_VALUE;
        int n = 0;
        for (Producer producer : p.producersByMid.values()) {
            if (!producer.video) {
                continue;
            }
            for (Consumer c : producer.consumers) {
                if (c.rembNanos != 0 && now - c.rembNanos < 3_000_000_000L) {
                    min = Math.min(min, c.rembBitsPerSecond);
                }
            }
            for (ProducerStream st : producer.layers) {
                if (st.ssrc != 0 && n < rembSsrcs.length) {
                    rembSsrcs[n++] = st.ssrc;
                }
            }
        }
        if (min == Long.MAX_VALUE || n == 0) {
            return q;
        }
        counters.rembSent++;
        return RtcpEncoder.remb(b, q, rtcpSsrc, min, rembSsrcs, n);
    }
}
