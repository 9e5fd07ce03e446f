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
     * @param adaptive the relay adapts per subscriber (see {@link #appendRemb})
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
            q = appendRemb(p, b, q, now, adaptive, capBps);
            s.setLength(q);
            if (t.sendRtcp(s)) {
                counters.receiverReportsSent++;
            }
        }
        worker.output().flush();
    }

    private final int[] rembSsrcs = new int[8];

    /**
     * REMB to a publisher for its video: the most it should send. A single-layer video gets the lowest
     * estimate among its subscribers (each subscriber's estimate split evenly over the videos it receives;
     * REMB older than 3 s ignored), so that the slowest can take it: there is no lower layer to give them.
     * Simulcast video of an adaptive relay is left out (a slow subscriber takes a lower layer; its estimate
     * must not hold the top layer down for everyone else). An adaptive relay's estimates come from
     * transport-cc ({@link Participant#linkEstimateBps}); the call's cap bounds everything (metered links).
     */
    private int appendRemb(Participant p, byte[] b, int q, long now, boolean adaptive, long capBps) {
        long min = adaptive && capBps > 0 ? capBps : Long.MAX_VALUE;
        int n = 0;
        for (Producer producer : p.producersByMid.values()) {
            if (!producer.video) {
                continue;
            }
            if (!adaptive || producer.layers.length == 1) {
                for (Consumer c : producer.consumers) {
                    long share = adaptive ? shareOf(c.subscriber) : recentRemb(c, now);
                    if (share > 0) {
                        min = Math.min(min, share);
                    }
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

    private static long recentRemb(Consumer c, long now) {
        return c.rembNanos != 0 && now - c.rembNanos < 3_000_000_000L ? c.rembBitsPerSecond : 0;
    }

    /** The subscriber's link estimate split evenly over the videos it receives; 0 when unknown. */
    private static long shareOf(Participant subscriber) {
        long estimate = subscriber.linkEstimateBps();
        int videos = 0;
        for (int i = 0, k = subscriber.consumers.size(); i < k; i++) {
            if (subscriber.consumers.get(i).producer.video) {
                videos++;
            }
        }
        return estimate <= 0 || videos == 0 ? 0 : estimate / videos;
    }
}
