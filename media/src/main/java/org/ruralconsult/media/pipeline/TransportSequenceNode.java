package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.bwe.SentPacketHistory;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;

/**
 * Send side, just before SRTP: fills the transport-wide sequence number element that the rewriter reserved
 * (media, RTX and probe padding alike) in the order packets leave, and records each packet's send time and
 * size for the estimator. Packets without the element pass untouched. Allocation-free.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-2">
 *     draft-holmer-rmcat-transport-wide-cc-extensions-01 §2</a>
 */
public final class TransportSequenceNode implements PacketNode {
    private final SentPacketHistory history = new SentPacketHistory();
    private int extensionId;

    /** The id the subscriber's answer kept for the extension; 0: not negotiated, nothing is stamped. */
    public void extensionId(int id) {
        extensionId = id;
    }

    public int extensionId() {
        return extensionId;
    }

    public SentPacketHistory history() {
        return history;
    }

    @Override
    public boolean process(PacketScratch p) {
        int id = extensionId;
        if (id == 0) {
            return true;
        }
        byte[] b = p.getBuffer();
        int off = p.getOffset();
        long found = RtpHeader.findExtension(b, off, p.getLength(), id);
        if (found >= 0 && (found & 0xffff) == 2) {
            int seq = history.onSent(p.getLength(), System.nanoTime());
            RtpHeader.writeShort(b, off + (int) (found >> 16), seq);
        }
        return true;
    }
}
