package org.ruralconsult.media.rtcp;

import static org.ruralconsult.media.rtcp.RtcpConstants.*;

import org.ruralconsult.media.rtp.RtpHeader;

/**
 * Walks a (possibly reduced-size, RFC 5506) compound RTCP packet and reports what it finds to an
 * {@link RtcpHandler}. Allocation-free.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.1">RFC 3550 §6.1 RTCP packet format</a>
 */
public final class RtcpDecoder {
    private RtcpDecoder() {}

    public static void decode(byte[] b, int off, int len, RtcpHandler h) throws RtcpException {
        int end = off + len;
        int p = off;
        if (len < 4) {
            throw new RtcpException("shorter than an RTCP header");
        }
        while (p < end) {
            if (p + 4 > end || (b[p] & 0xC0) != 0x80) {
                throw new RtcpException("bad RTCP header");
            }
            int count = b[p] & 0x1f;
            int pt = b[p + 1] & 0xff;
            int words = RtpHeader.readShort(b, p + 2);
            int plen = 4 * (words + 1);
            if (p + plen > end) {
                throw new RtcpException("RTCP length runs past the datagram");
            }
            switch (pt) {
                case SR -> senderReport(b, p, plen, count, h);
                case RR -> receiverReport(b, p, plen, count, h);
                case RTPFB -> transportFeedback(b, p, plen, count, h);
                case PSFB -> payloadFeedback(b, p, plen, count, h);
                default -> {}
            }
            p += plen;
        }
    }

    private static void senderReport(byte[] b, int p, int plen, int count, RtcpHandler h) throws RtcpException {
        if (plen < 28 + 24 * count) {
            throw new RtcpException("short SR");
        }
        int ssrc = RtpHeader.readInt(b, p + 4);
        long ntp = ((RtpHeader.readInt(b, p + 8) & 0xffffffffL) << 32) | (RtpHeader.readInt(b, p + 12) & 0xffffffffL);
        h.onSenderReport(
                ssrc,
                ntp,
                RtpHeader.readInt(b, p + 16) & 0xffffffffL,
                RtpHeader.readInt(b, p + 20) & 0xffffffffL,
                RtpHeader.readInt(b, p + 24) & 0xffffffffL);
        reportBlocks(b, p + 28, count, ssrc, h);
    }

    private static void receiverReport(byte[] b, int p, int plen, int count, RtcpHandler h) throws RtcpException {
        if (plen < 8 + 24 * count) {
            throw new RtcpException("short RR");
        }
        reportBlocks(b, p + 8, count, RtpHeader.readInt(b, p + 4), h);
    }

    private static void reportBlocks(byte[] b, int p, int count, int sender, RtcpHandler h) {
        for (int i = 0; i < count; i++, p += 24) {
            h.onReportBlock(
                    sender,
                    RtpHeader.readInt(b, p),
                    b[p + 4] & 0xff,
                    RtpHeader.readInt(b, p + 8),
                    RtpHeader.readInt(b, p + 16) & 0xffffffffL,
                    RtpHeader.readInt(b, p + 20) & 0xffffffffL);
        }
    }

    private static void transportFeedback(byte[] b, int p, int plen, int fmt, RtcpHandler h) throws RtcpException {
        if (plen < 12) {
            throw new RtcpException("short RTPFB");
        }
        if (fmt == FMT_TRANSPORT_CC) {
            TransportCcFeedback.check(b, p, plen);
            h.onTransportCc(RtpHeader.readInt(b, p + 4), b, p, plen);
            return;
        }
        if (fmt != FMT_NACK) {
            return;
        }
        int sender = RtpHeader.readInt(b, p + 4);
        int media = RtpHeader.readInt(b, p + 8);
        for (int q = p + 12; q + 4 <= p + plen; q += 4) {
            h.onNack(sender, media, RtpHeader.readShort(b, q), RtpHeader.readShort(b, q + 2));
        }
    }

    private static void payloadFeedback(byte[] b, int p, int plen, int fmt, RtcpHandler h) throws RtcpException {
        if (plen < 12) {
            throw new RtcpException("short PSFB");
        }
        int sender = RtpHeader.readInt(b, p + 4);
        if (fmt == FMT_PLI) {
            h.onKeyframeRequest(sender, RtpHeader.readInt(b, p + 8));
        } else if (fmt == FMT_AFB
                && plen >= 20
                && b[p + 12] == 'R'
                && b[p + 13] == 'E'
                && b[p + 14] == 'M'
                && b[p + 15] == 'B') {
            int count = b[p + 16] & 0xff;
            int exp = (b[p + 17] & 0xff) >> 2;
            long mantissa = ((b[p + 17] & 0x03L) << 16) | RtpHeader.readShort(b, p + 18);
            if (20 + 4 * count > plen) {
                throw new RtcpException("REMB lists more SSRCs than it holds");
            }
            h.onRemb(sender, mantissa << exp, b, p + 20, count);
        } else if (fmt == FMT_FIR) {
            for (int q = p + 12; q + 8 <= p + plen; q += 8) {
                h.onKeyframeRequest(sender, RtpHeader.readInt(b, q));
            }
        }
    }
}
