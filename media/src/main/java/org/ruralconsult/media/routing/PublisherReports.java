package org.ruralconsult.media.routing;

import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtcp.RtcpEncoder;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * Once a second, to each publisher: a receiver report for its streams (RFC 3550 §6.4.2) and,
 * with it, the lowest REMB among the subscribers of its video.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2">RFC 3550 §6.4.2 RR</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03">REMB</a>
 */
final class PublisherReports {
    private final Worker worker;
    private final PacketCounters counters;
    private final int rtcpSsrc;
    private final boolean adaptive;

    PublisherReports(CallContext call, boolean adaptive) {
        this.adaptive = adaptive;
        this.worker = call.worker();
        this.counters = call.counters();
        this.rtcpSsrc = call.rtcpSsrc();
    }

    /** Once a second: receiver reports to publishers, simulcast target layers. */
    void send(Iterable<Participant> participants) {
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
            q = appendRemb(p, b, q, now);
            s.setLength(q);
            if (t.sendRtcp(s)) {
                counters.receiverReportsSent++;
            }
        }
        worker.output().flush();
    }

    private final int[] rembSsrcs = new int[8];

    /**
     * REMB to a publisher: for its video, the lowest estimate among its subscribers (each
     * subscriber's REMB split evenly over the video streams it receives), so the publisher sends
     * what the slowest subscriber can take. Estimates older than 3 s are ignored. Simulcast video of an
     * adaptive relay is left out: each subscriber's layer follows its own estimate instead.
     */
    private int appendRemb(Participant p, byte[] b, int q, long now) {
        long min = Long.MAX_VALUE;
        int n = 0;
        for (Producer producer : p.producersByMid.values()) {
            if (!producer.video || (producer.layers.length > 1 && adaptive)) {
                // simulcast with per-subscriber layers: a slow subscriber takes a lower layer; its
                // estimate must not hold the publisher's top layer down for everyone else
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
