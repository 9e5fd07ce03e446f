package org.ruralconsult.media.routing;

/**
 * Per audio producer: the packets lost between the publisher and the relay, seen as a gap in its
 * sequence numbers, and which redundant RED blocks may stand in for them. With RFC 2198 as libwebrtc
 * sends it, the k-th block before the primary repeats the packet k sequence numbers back; a block is
 * used only when its media is newer than anything already forwarded (so nothing is sent twice).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2198#section-3">RFC 2198 §3</a>
 */
final class RedRecovery {
    private boolean started;
    private int highestSeq;
    private long highestTs;
    /** The newest timestamp forwarded before the current packet. */
    private long previousTs;

    /** Once per packet, before fan-out: how many sequence numbers are missing just before it. */
    int onPacket(int seq, long ts) {
        if (!started) {
            started = true;
            highestSeq = seq;
            highestTs = ts;
            previousTs = ts;
            return 0;
        }
        int delta = (seq - highestSeq) & 0xffff;
        if (delta == 0 || delta >= 0x8000) {
            previousTs = highestTs; // a duplicate or a late packet: nothing newer may be recovered
            return 0;
        }
        previousTs = highestTs;
        highestSeq = seq;
        highestTs = ts;
        return delta - 1;
    }

    /** Whether media at {@code blockTs} is newer than what was forwarded before the current packet. */
    boolean unsent(long blockTs) {
        long d = (blockTs - previousTs) & 0xffffffffL;
        return d != 0 && d < 0x80000000L;
    }
}
