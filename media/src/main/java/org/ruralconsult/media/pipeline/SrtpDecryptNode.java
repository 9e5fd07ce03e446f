package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpSession;

/** Unprotects SRTP or SRTCP in place (RFC 3711 §3.3, §3.4), replay-checked. */
public final class SrtpDecryptNode implements PacketNode {
    private final PacketCounters counters;
    private final boolean rtcp;
    private SrtpSession session;

    public SrtpDecryptNode(PacketCounters counters, boolean rtcp) {
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
        if (!(rtcp ? s.unprotectRtcp(p) : s.unprotectRtp(p))) {
            counters.drop(DropReason.SRTP_UNPROTECT_FAILED);
            if (rtcp) {
                counters.srtcpAuthFailures++;
            } else {
                counters.srtpAuthFailures++;
            }
            return false;
        }
        return true;
    }
}
