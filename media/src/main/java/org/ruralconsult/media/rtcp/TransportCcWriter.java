package org.ruralconsult.media.rtcp;

import static org.ruralconsult.media.rtcp.TransportCcFeedback.LARGE_DELTA;
import static org.ruralconsult.media.rtcp.TransportCcFeedback.NOT_RECEIVED;
import static org.ruralconsult.media.rtcp.TransportCcFeedback.SMALL_DELTA;

import org.ruralconsult.media.rtp.RtpHeader;

/**
 * Writes a transport-wide congestion control feedback message (RTPFB FMT=15). The caller gives each
 * packet's status and receive delta; chunks are chosen per position: a run-length chunk for seven or more
 * equal statuses, else a one-bit vector when the next fourteen hold no large delta, else a two-bit vector.
 * Allocation-free.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3.1">
 *     draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1</a>
 */
public final class TransportCcWriter {
    private TransportCcWriter() {}

    /** Longest message for {@code count} packets: header, one chunk per packet at worst, two delta bytes each. */
    public static int maxLength(int count) {
        return 20 + 2 * count + 2 * count + 3;
    }

    /**
     * @param status {@link TransportCcFeedback#NOT_RECEIVED}, {@code SMALL_DELTA} or {@code LARGE_DELTA} per
     *     packet from {@code baseSequence}
     * @param deltaTicks receive delta of each received packet in 250 us ticks (0..255 for small, a signed
     *     16-bit value for large); ignored for packets not received
     * @return the offset after the message
     */
    public static int write(
            byte[] b,
            int p,
            int senderSsrc,
            int mediaSsrc,
            int baseSequence,
            int count,
            int referenceTime,
            int feedbackCount,
            byte[] status,
            int[] deltaTicks) {
        int start = p;
        RtpHeader.writeInt(b, p + 4, senderSsrc);
        RtpHeader.writeInt(b, p + 8, mediaSsrc);
        RtpHeader.writeShort(b, p + 12, baseSequence);
        RtpHeader.writeShort(b, p + 14, count);
        RtpHeader.writeInt(b, p + 16, (referenceTime << 8) | (feedbackCount & 0xff));
        p += 20;
        int i = 0;
        while (i < count) {
            int s = status[i];
            int run = 1;
            while (i + run < count && status[i + run] == s && run < 0x1fff) {
                run++;
            }
            if (run >= 7) {
                RtpHeader.writeShort(b, p, (s << 13) | run);
                i += run;
            } else if (noLargeDelta(status, i, Math.min(14, count - i))) {
                int chunk = 0x8000;
                for (int k = 0; k < 14 && i + k < count; k++) {
                    chunk |= (status[i + k] & 1) << (13 - k);
                }
                RtpHeader.writeShort(b, p, chunk);
                i += 14;
            } else {
                int chunk = 0xC000;
                for (int k = 0; k < 7 && i + k < count; k++) {
                    chunk |= (status[i + k] & 3) << (12 - 2 * k);
                }
                RtpHeader.writeShort(b, p, chunk);
                i += 7;
            }
            p += 2;
        }
        for (i = 0; i < count; i++) {
            if (status[i] == SMALL_DELTA) {
                b[p++] = (byte) deltaTicks[i];
            } else if (status[i] == LARGE_DELTA) {
                RtpHeader.writeShort(b, p, deltaTicks[i] & 0xffff);
                p += 2;
            }
        }
        while (((p - start) & 3) != 0) {
            b[p++] = 0;
        }
        b[start] = (byte) (0x80 | RtcpConstants.FMT_TRANSPORT_CC);
        b[start + 1] = (byte) RtcpConstants.RTPFB;
        RtpHeader.writeShort(b, start + 2, (p - start) / 4 - 1);
        return p;
    }

    private static boolean noLargeDelta(byte[] status, int from, int n) {
        for (int k = 0; k < n; k++) {
            if (status[from + k] != NOT_RECEIVED && status[from + k] != SMALL_DELTA) {
                return false;
            }
        }
        return true;
    }
}
