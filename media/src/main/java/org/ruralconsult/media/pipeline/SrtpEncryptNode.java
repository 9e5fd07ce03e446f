package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpSession;

/** Protects RTP or RTCP in place; the scratch has tail room for the tag (RFC 3711 §3.1). */
public final class SrtpEncryptNode implements PacketNode {
    private final PacketCounters counters;
    private final boolean rtcp;
    private SrtpSession session;

    public SrtpEncryptNode(PacketCounters counters, boolean rtcp) {
        this.counters = counters;
        this.rtcp = rtcp;
    }

    public void session(SrtpSession session) {
        this.session = session;
    }

    @Override
    public boolean process(PacketScratch p) {
        SrtpSession s = session;
        if (s == null) {
            counters.drop(DropReason.NOT_CONNECTED);
            return false;
        }
        if (!(rtcp ? s.protectRtcp(p) : s.protectRtp(p))) {
            counters.drop(DropReason.SRTP_PROTECT_FAILED);
            return false;
        }
        return true;
    }
}
