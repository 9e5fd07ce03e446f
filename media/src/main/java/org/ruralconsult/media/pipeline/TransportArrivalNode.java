package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.bwe.ArrivalFeedback;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;

/**
 * Receive side, after the RTP checks: records when each packet carrying a transport-wide sequence number
 * arrived, for the feedback the relay sends back to the publisher. Allocation-free.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3">
 *     draft-holmer-rmcat-transport-wide-cc-extensions-01 §3</a>
 */
public final class TransportArrivalNode implements PacketNode {
    private final ArrivalFeedback arrivals = new ArrivalFeedback();
    private int extensionId;

    /** The id the publisher's offer gave the extension and the relay kept; 0: not negotiated. */
    public void extensionId(int id) {
        extensionId = id;
    }

    public ArrivalFeedback arrivals() {
        return arrivals;
    }

    @Override
    public boolean process(PacketScratch p) {
        int id = extensionId;
        if (id != 0) {
            byte[] b = p.getBuffer();
            int off = p.getOffset();
            long found = RtpHeader.findExtension(b, off, p.getLength(), id);
            if (found >= 0 && (found & 0xffff) == 2) {
                arrivals.onPacket(
                        RtpHeader.readShort(b, off + (int) (found >> 16)), RtpHeader.ssrc(b, off), System.nanoTime());
            }
        }
        return true;
    }
}
