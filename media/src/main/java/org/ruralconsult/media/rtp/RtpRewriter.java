package org.ruralconsult.media.rtp;

/**
 * Writes a forwarded RTP packet for one subscriber: new SSRC, sequence number, timestamp, payload
 * type, and a header extension block rebuilt with the ids that subscriber negotiated (mid replaced
 * by the subscriber's mid, rid and the publisher's transport-cc dropped, audio level and abs-send-time kept,
 * and, when the subscriber negotiated transport-cc, a zeroed transport sequence number element that the
 * send chain fills just before encryption).
 * Optionally wraps the payload as RTX (original sequence number first).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7667#section-3.7">RFC 7667 §3.7 selective forwarding</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4588#section-4">RFC 4588 §4 RTX payload</a>
 */
public final class RtpRewriter {
    private RtpRewriter() {}

    /**
     * Copies {@code src[srcOff..srcOff+srcLen)} into {@code dst} at 0, rewritten. Returns the new
     * length, or -1 if the source is malformed. {@code rtxOsn} &ge; 0 makes an RTX packet.
     */
    public static int rewrite(
            byte[] src,
            int srcOff,
            int srcLen,
            ExtensionIds in,
            byte[] dst,
            int ssrc,
            int seq,
            long ts,
            int pt,
            ExtensionIds out,
            byte[] mid,
            int rtxOsn) {
        int csrcLen = 4 * (src[srcOff] & 0x0f);
        int hdr = RtpHeader.headerLength(src, srcOff, srcLen);
        int pad = RtpHeader.paddingLength(src, srcOff, srcLen);
        if (hdr < 0 || hdr + pad > srcLen) {
            return -1;
        }
        System.arraycopy(src, srcOff, dst, 0, RtpHeader.FIXED_LENGTH + csrcLen);
        dst[0] &= (byte) ~0x30; // no padding (we strip it), extension bit set below
        int p = RtpHeader.FIXED_LENGTH + csrcLen;
        int extStart = p;
        p += 4;
        // mid first so the receiver can demultiplex (RFC 8843 §9.2)
        int midId = out.id(HeaderExtension.MID);
        if (midId > 0 && mid != null && mid.length > 0 && mid.length <= 16) {
            dst[p++] = (byte) ((midId << 4) | (mid.length - 1));
            System.arraycopy(mid, 0, dst, p, mid.length);
            p += mid.length;
        }
        p = copyElement(src, srcOff, srcLen, in, HeaderExtension.AUDIO_LEVEL, dst, p, out);
        p = copyElement(src, srcOff, srcLen, in, HeaderExtension.ABS_SEND_TIME, dst, p, out);
        p = reserveTransportSequence(dst, p, out);
        if (p == extStart + 4) {
            p = extStart; // nothing to write: no extension block at all
        } else {
            while (((p - extStart) & 3) != 0) {
                dst[p++] = 0;
            }
            RtpHeader.writeShort(dst, extStart, RtpHeader.ONE_BYTE_PROFILE);
            RtpHeader.writeShort(dst, extStart + 2, (p - extStart - 4) / 4);
            dst[0] |= 0x10;
        }
        RtpHeader.payloadType(dst, 0, pt);
        RtpHeader.sequence(dst, 0, seq);
        RtpHeader.timestamp(dst, 0, ts);
        RtpHeader.ssrc(dst, 0, ssrc);
        if (rtxOsn >= 0) {
            RtpHeader.writeShort(dst, p, rtxOsn);
            p += 2;
        }
        int payloadLen = srcLen - hdr - pad;
        System.arraycopy(src, srcOff + hdr, dst, p, payloadLen);
        return p + payloadLen;
    }

    /**
     * A padding-only packet (RFC 3550 §5.1 P bit: the last byte says how many padding bytes end the packet)
     * on an RTX stream, with mid and the transport sequence number element: probe traffic the receiver
     * discards (RFC 4588 §4: an RTX packet without an original sequence number carries no media). Returns
     * its length; {@code paddingBytes} 1..255.
     */
    public static int padding(
            byte[] dst, int ssrc, int seq, long ts, int pt, ExtensionIds out, byte[] mid, int paddingBytes) {
        dst[0] = (byte) 0xA0; // V=2, P=1
        dst[1] = 0;
        RtpHeader.payloadType(dst, 0, pt);
        RtpHeader.sequence(dst, 0, seq);
        RtpHeader.timestamp(dst, 0, ts);
        RtpHeader.ssrc(dst, 0, ssrc);
        int p = RtpHeader.FIXED_LENGTH;
        int extStart = p;
        p += 4;
        int midId = out.id(HeaderExtension.MID);
        if (midId > 0 && midId <= 14 && mid != null && mid.length > 0 && mid.length <= 16) {
            dst[p++] = (byte) ((midId << 4) | (mid.length - 1));
            System.arraycopy(mid, 0, dst, p, mid.length);
            p += mid.length;
        }
        p = reserveTransportSequence(dst, p, out);
        if (p == extStart + 4) {
            p = extStart;
        } else {
            while (((p - extStart) & 3) != 0) {
                dst[p++] = 0;
            }
            RtpHeader.writeShort(dst, extStart, RtpHeader.ONE_BYTE_PROFILE);
            RtpHeader.writeShort(dst, extStart + 2, (p - extStart - 4) / 4);
            dst[0] |= 0x10;
        }
        int n = Math.max(1, Math.min(255, paddingBytes));
        java.util.Arrays.fill(dst, p, p + n - 1, (byte) 0);
        dst[p + n - 1] = (byte) n;
        return p + n;
    }

    /**
     * The two-byte transport-wide sequence number element (draft-holmer-rmcat-transport-wide-cc-extensions-01
     * §2), zero here: the transport numbers packets in the order it sends them.
     */
    public static int reserveTransportSequence(byte[] dst, int p, ExtensionIds out) {
        int id = out.id(HeaderExtension.TRANSPORT_CC);
        if (id <= 0 || id > 14) {
            return p;
        }
        dst[p] = (byte) ((id << 4) | 1);
        dst[p + 1] = 0;
        dst[p + 2] = 0;
        return p + 3;
    }

    private static int copyElement(
            byte[] src,
            int srcOff,
            int srcLen,
            ExtensionIds in,
            HeaderExtension kind,
            byte[] dst,
            int p,
            ExtensionIds out) {
        int outId = out.id(kind);
        int inId = in.id(kind);
        if (outId <= 0 || outId > 14 || inId <= 0) {
            return p;
        }
        long found = RtpHeader.findExtension(src, srcOff, srcLen, inId);
        if (found < 0) {
            return p;
        }
        int off = (int) (found >> 16);
        int len = (int) (found & 0xffff);
        if (len < 1 || len > 16) {
            return p;
        }
        dst[p++] = (byte) ((outId << 4) | (len - 1));
        System.arraycopy(src, srcOff + off, dst, p, len);
        return p + len;
    }
}
