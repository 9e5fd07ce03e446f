package org.ruralconsult.media.routing;

import org.ruralconsult.media.bwe.ArrivalFeedback;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * Transport-cc feedback to a publisher about what its publish transport received (every 50 ms, and at
 * once when 100 packets wait), one RTCP packet per message, so the browser's or TV's own estimator sees
 * its uplink and drops simulcast layers when it is thin.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3">
 *     draft-holmer-rmcat-transport-wide-cc-extensions-01 §3</a>
 */
final class PublisherFeedback {
    /** Pending packets that make the relay answer before the timer. */
    static final int PENDING_LIMIT = 100;

    private static final int MAX_MESSAGES = 8;

    private final Worker worker;
    private final PacketCounters counters;
    private final int rtcpSsrc;

    PublisherFeedback(CallContext call) {
        this.worker = call.worker();
        this.counters = call.counters();
        this.rtcpSsrc = call.rtcpSsrc();
    }

    /** After a packet from {@code p}: feedback now if enough is pending. */
    void afterPacket(Participant p, WebRtcTransport t) {
        if (t.arrivals().pending() >= PENDING_LIMIT) {
            send(p);
        }
    }

    void send(Participant p) {
        WebRtcTransport t = p.publishTransport;
        if (t == null || !t.isConnected()) {
            return;
        }
        ArrivalFeedback arrivals = t.arrivals();
        for (int i = 0; i < MAX_MESSAGES && arrivals.pending() > 0; i++) {
            PacketScratch s = worker.rtcpScratch();
            int end = arrivals.write(s.getBuffer(), 0, rtcpSsrc);
            if (end == 0) {
                return;
            }
            s.setLength(end);
            if (t.sendRtcp(s)) {
                counters.transportCcSent++;
            }
        }
    }
}
