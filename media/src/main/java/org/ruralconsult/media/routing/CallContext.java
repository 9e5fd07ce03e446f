package org.ruralconsult.media.routing;

import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.transport.TransportListener;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * What a call's media parts share: its id, its worker, its counters, the SSRC its own RTCP is sent from,
 * and the worker's idle retransmission buffers.
 */
record CallContext(
        String callId, Worker worker, PacketCounters counters, int rtcpSsrc, RetransmissionBufferPool buffers) {

    /** A transport of one participant of this call, named {@code call/participant/side} (worker thread). */
    WebRtcTransport createTransport(Participant p, String side, TransportListener events, double ingressLoss) {
        return worker.createTransport(callId + "/" + p.id + "/" + side, events, counters, ingressLoss);
    }
}
