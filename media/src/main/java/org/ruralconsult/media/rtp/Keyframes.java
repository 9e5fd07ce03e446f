package org.ruralconsult.media.rtp;

/**
 * Tells whether an RTP payload starts a key frame, for VP8 and H.264.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7741#section-4.3">RFC 7741 §4.3 VP8 payload</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184#section-5.6">RFC 6184 §5.6 H.264 NAL units</a>
 */
public final class Keyframes {
    private Keyframes() {}

    public static boolean vp8(byte[] b, int off, int len) {
        if (len < 1) {
            return false;
        }
        int x = b[off] & 0x80;
        boolean start = (b[off] & 0x10) != 0 && (b[off] & 0x07) == 0;
        int p = off + 1;
        if (x != 0) {
            if (len < 2) {
                return false;
            }
            int ext = b[off + 1] & 0xff;
            p++;
            if ((ext & 0x80) != 0) { // I: picture id
                p += (b[p] & 0x80) != 0 ? 2 : 1;
            }
            if ((ext & 0x40) != 0) { // L
                p++;
            }
            if ((ext & 0x30) != 0) { // T or K
                p++;
            }
        }
        return start && p < off + len && (b[p] & 0x01) == 0;
    }

    public static boolean h264(byte[] b, int off, int len) {
        if (len < 2) {
            return false;
        }
        int type = b[off] & 0x1f;
        if (type == 5 || type == 7) {
            return true;
        }
        if (type == 24) { // STAP-A
            int p = off + 1;
            while (p + 2 < off + len) {
                int size = RtpHeader.readShort(b, p);
                int t = b[p + 2] & 0x1f;
                if (t == 5 || t == 7) {
                    return true;
                }
                p += 2 + size;
            }
            return false;
        }
        if (type == 28) { // FU-A, start bit
            return (b[off + 1] & 0x80) != 0 && ((b[off + 1] & 0x1f) == 5 || (b[off + 1] & 0x1f) == 7);
        }
        return false;
    }
}
