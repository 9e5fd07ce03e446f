package org.ruralconsult.media.rtcp;

import static org.ruralconsult.media.rtcp.RtcpConstants.*;

import org.ruralconsult.media.rtp.RtpHeader;

/**
 * Writes the RTCP packets the relay originates into a caller's array; each method returns the
 * offset after what it wrote. Allocation-free.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4">RFC 3550 §6.4 SR and RR</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1">RFC 4585 §6.2.1 NACK</a>
 */
public final class RtcpEncoder {
    private RtcpEncoder() {}

    private static int header(byte[] b, int p, int count, int pt, int words) {
        b[p] = (byte) (0x80 | count);
        b[p + 1] = (byte) pt;
        RtpHeader.writeShort(b, p + 2, words);
        return p + 4;
    }

    /** Sender report with no report blocks. */
    public static int senderReport(byte[] b, int p, int ssrc, long ntp, long rtpTs, long packets, long octets) {
        int q = header(b, p, 0, SR, 6);
        RtpHeader.writeInt(b, q, ssrc);
        RtpHeader.writeInt(b, q + 4, (int) (ntp >>> 32));
        RtpHeader.writeInt(b, q + 8, (int) ntp);
        RtpHeader.writeInt(b, q + 12, (int) rtpTs);
        RtpHeader.writeInt(b, q + 16, (int) packets);
        RtpHeader.writeInt(b, q + 20, (int) octets);
        return q + 24;
    }

    /** Receiver report header for {@code blocks} report blocks written with {@link #reportBlock}. */
    public static int receiverReport(byte[] b, int p, int ssrc, int blocks) {
        int q = header(b, p, blocks, RR, 1 + 6 * blocks);
        RtpHeader.writeInt(b, q, ssrc);
        return q + 4;
    }

    public static int reportBlock(
            byte[] b,
            int p,
            int source,
            int fractionLost,
            int cumulativeLost,
            int highestSeq,
            int jitter,
            long lsr,
            long dlsr) {
        RtpHeader.writeInt(b, p, source);
        RtpHeader.writeInt(b, p + 4, (fractionLost << 24) | (cumulativeLost & 0xffffff));
        RtpHeader.writeInt(b, p + 8, highestSeq);
        RtpHeader.writeInt(b, p + 12, jitter);
        RtpHeader.writeInt(b, p + 16, (int) lsr);
        RtpHeader.writeInt(b, p + 20, (int) dlsr);
        return p + 24;
    }

    /** Picture loss indication (RFC 4585 §6.3.1). */
    public static int pli(byte[] b, int p, int sender, int media) {
        int q = header(b, p, FMT_PLI, PSFB, 2);
        RtpHeader.writeInt(b, q, sender);
        RtpHeader.writeInt(b, q + 4, media);
        return q + 8;
    }

    /** Generic NACK with {@code n} FCIs from {@code ids}/{@code masks} (RFC 4585 §6.2.1). */
    public static int nack(byte[] b, int p, int sender, int media, int[] ids, int[] masks, int n) {
        int q = header(b, p, FMT_NACK, RTPFB, 2 + n);
        RtpHeader.writeInt(b, q, sender);
        RtpHeader.writeInt(b, q + 4, media);
        q += 8;
        for (int i = 0; i < n; i++, q += 4) {
            RtpHeader.writeShort(b, q, ids[i]);
            RtpHeader.writeShort(b, q + 2, masks[i]);
        }
        return q;
    }

    /** Receiver estimated max bitrate (draft-alvestrand-rmcat-remb) for the given SSRCs. */
    public static int remb(byte[] b, int p, int sender, long bitsPerSecond, int[] ssrcs, int n) {
        int q = header(b, p, FMT_AFB, PSFB, 4 + n);
        RtpHeader.writeInt(b, q, sender);
        RtpHeader.writeInt(b, q + 4, 0);
        b[q + 8] = 'R';
        b[q + 9] = 'E';
        b[q + 10] = 'M';
        b[q + 11] = 'B';
        int exp = 0;
        long mantissa = bitsPerSecond;
        while (mantissa > 0x3ffff) {
            mantissa >>= 1;
            exp++;
        }
        b[q + 12] = (byte) n;
        b[q + 13] = (byte) ((exp << 2) | (mantissa >> 16));
        RtpHeader.writeShort(b, q + 14, (int) mantissa & 0xffff);
        q += 16;
        for (int i = 0; i < n; i++, q += 4) {
            RtpHeader.writeInt(b, q, ssrcs[i]);
        }
        return q;
    }
}
