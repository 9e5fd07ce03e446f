package org.ruralconsult.media.routing;

import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtcp.RtcpEncoder;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * Picture loss indications to publishers, throttled per simulcast layer (throttled per producer, one
 * subscriber's request for the top layer held back another's for the lowest).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.3.1">RFC 4585 §6.3.1 PLI</a>
 */
final class KeyframeRequests {
    private final Worker worker;
    private final PacketCounters counters;
    private final int rtcpSsrc;

    KeyframeRequests(CallContext call) {
        this.worker = call.worker();
        this.counters = call.counters();
        this.rtcpSsrc = call.rtcpSsrc();
    }

    /** PLI to the publisher, at most one per layer per {@link Producer#KEYFRAME_REQUEST_INTERVAL_NANOS}. */
    void request(Producer producer, int layer) {
        if (!producer.video) {
            return;
        }
        long now = System.nanoTime();
        ProducerStream stream = producer.layers[Math.max(0, Math.min(layer, producer.layers.length - 1))];
        if (now - stream.lastKeyframeRequestNanos < Producer.KEYFRAME_REQUEST_INTERVAL_NANOS) {
            return;
        }
        WebRtcTransport t = producer.publisher.publishTransport;
        int ssrc = stream.ssrc;
        if (t == null || !t.isConnected() || ssrc == 0) {
            return;
        }
        stream.lastKeyframeRequestNanos = now;
        PacketScratch s = worker.rtcpScratch();
        s.setLength(RtcpEncoder.pli(s.getBuffer(), 0, rtcpSsrc, ssrc));
        if (t.sendRtcp(s)) {
            counters.keyframeRequestsSent++;
        }
    }
}
