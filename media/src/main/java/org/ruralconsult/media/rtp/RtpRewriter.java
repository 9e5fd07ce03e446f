package org.ruralconsult.media.rtp;

/**
 * Writes a forwarded RTP packet for one subscriber: new SSRC, sequence number, timestamp, payload
 * type, and a header extension block rebuilt with the ids that subscriber negotiated (mid replaced
 * by the subscriber's mid, rid and transport-cc dropped, audio level and abs-send-time kept).
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
