package org.ruralconsult.media.routing;

import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.transport.Worker;

/**
 * What a call's media parts share: its worker, its counters, the SSRC its own RTCP is sent from, and the
 * worker's idle retransmission buffers.
 */
record CallContext(Worker worker, PacketCounters counters, int rtcpSsrc, RetransmissionBufferPool buffers) {}
