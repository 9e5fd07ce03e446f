package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;

/** Drops RTP whose header lengths do not fit (RFC 3550 §5.1), counts what passes. */
public final class RtpCheckNode implements PacketNode {
    private final PacketCounters counters;

    public RtpCheckNode(PacketCounters counters) {
        this.counters = counters;
    }

    @Override
    public boolean process(PacketScratch p) {
        if (!RtpHeader.valid(p.getBuffer(), p.getOffset(), p.getLength())) {
            counters.drop(DropReason.RTP_MALFORMED);
            return false;
        }
        return true;
    }
}
