package org.ruralconsult.media.routing;

import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtcp.RtcpDecoder;
import org.ruralconsult.media.rtcp.RtcpException;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.TransportListener;
import org.ruralconsult.media.transport.WebRtcTransport;

/**
 * What one router's transports report upward (mediasoup's way: a transport knows nothing of routing):
 * connected (key frames asked for), RTP to the forwarder, RTCP to the feedback handler, closed (the
 * participant or only its subscribe side goes). Worker thread only.
 */
final class TransportEvents implements TransportListener {
    private final Router router;
    private final KeyframeRequests keyframes;
    private final Forwarder forwarder;
    private final RtcpFeedback feedback;
    private final PacketCounters counters;

    TransportEvents(
            Router router,
            KeyframeRequests keyframes,
            Forwarder forwarder,
            RtcpFeedback feedback,
            PacketCounters counters) {
        this.router = router;
        this.keyframes = keyframes;
        this.forwarder = forwarder;
        this.feedback = feedback;
        this.counters = counters;
    }

    @Override
    public void onConnected(WebRtcTransport t) {
        Participant p = (Participant) t.owner();
        if (t == p.subscribeTransport) {
            for (Consumer c : p.consumers) {
                if (c.ready()) {
                    keyframes.request(c.producer, Math.max(0, c.wantedLayer()));
                }
            }
        } else {
            // subscribers may have connected first: their start-up PLI could not go out then
            for (Producer producer : p.producersByMid.values()) {
                for (Consumer c : producer.consumers) {
                    if (c.ready()) {
                        keyframes.request(producer, Math.max(0, c.wantedLayer()));
                        break;
                    }
                }
            }
        }
    }

    @Override
    public void onRtp(WebRtcTransport t, PacketScratch packet) {
        Participant p = (Participant) t.owner();
        if (t != p.publishTransport) {
            counters.drop(DropReason.UNKNOWN_SSRC);
            return;
        }
        forwarder.forward(p, packet);
        router.afterPublishedPacket(p, t);
    }

    @Override
    public void onRtcp(WebRtcTransport t, PacketScratch packet) {
        Participant p = (Participant) t.owner();
        feedback.from(p, t == p.publishTransport);
        try {
            RtcpDecoder.decode(packet.getBuffer(), packet.getOffset(), packet.getLength(), feedback);
        } catch (RtcpException e) {
            counters.drop(DropReason.RTCP_MALFORMED);
        }
        feedback.flushUpstreamNacks();
    }

    @Override
    public void onClosed(WebRtcTransport t, String reason) {
        Participant p = (Participant) t.owner();
        if (p.leaving || !router.isMember(p)) {
            return;
        }
        if (t == p.subscribeTransport && p.publishTransport != null && !p.publishTransport.isClosed()) {
            router.subscribeSideLost(p, t, reason);
        } else {
            router.removeParticipant(p, reason);
        }
    }
}
