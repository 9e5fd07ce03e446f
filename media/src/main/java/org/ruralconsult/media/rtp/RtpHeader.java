package org.ruralconsult.media.rtp;

/**
 * Reads and writes RTP fixed-header fields in place over a byte array (a flyweight: no object per
 * packet).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">RFC 3550 §5.1 RTP fixed header</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8285">RFC 8285 header extensions</a>
 */
public final class RtpHeader {
    public static final int FIXED_LENGTH = 12;
    public static final int ONE_BYTE_PROFILE = 0xBEDE;

    private RtpHeader() {}

    /** RFC 5761 §4: RTCP packet types 192-223 share the first byte range with RTP. */
    public static boolean isRtcp(byte[] b, int off, int len) {
        if (len < 2) {
            return false;
        }
        int pt = b[off + 1] & 0xff;
        return pt >= 192 && pt <= 223;
    }

    /** True when the bytes hold a version-2 header whose lengths fit. */
    public static boolean valid(byte[] b, int off, int len) {
        if (len < FIXED_LENGTH || (b[off] & 0xC0) != 0x80) {
            return false;
        }
        int h = headerLength(b, off, len);
        if (h < 0 || h > len) {
            return false;
        }
        if ((b[off] & 0x20) != 0) {
            int pad = b[off + len - 1] & 0xff;
            return pad > 0 && h + pad <= len;
        }
        return true;
    }

    /** Fixed header, CSRCs and extension block; -1 if it runs past {@code len}. */
    public static int headerLength(byte[] b, int off, int len) {
        int h = FIXED_LENGTH + 4 * (b[off] & 0x0f);
        if ((b[off] & 0x10) != 0) {
            if (h + 4 > len) {
                return -1;
            }
            h += 4 + 4 * readShort(b, off + h + 2);
        }
        return h;
    }

    public static int paddingLength(byte[] b, int off, int len) {
        return (b[off] & 0x20) != 0 ? b[off + len - 1] & 0xff : 0;
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7f;
    }

    public static void payloadType(byte[] b, int off, int pt) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7f));
    }

    public static int sequence(byte[] b, int off) {
        return readShort(b, off + 2);
    }

    public static void sequence(byte[] b, int off, int seq) {
        b[off + 2] = (byte) (seq >> 8);
        b[off + 3] = (byte) seq;
    }

    public static long timestamp(byte[] b, int off) {
        return readInt(b, off + 4) & 0xffffffffL;
    }

    public static void timestamp(byte[] b, int off, long ts) {
        writeInt(b, off + 4, (int) ts);
    }

    public static int ssrc(byte[] b, int off) {
        return readInt(b, off + 8);
    }

    public static void ssrc(byte[] b, int off, int ssrc) {
        writeInt(b, off + 8, ssrc);
    }

    /**
     * Finds extension element {@code id}; returns {@code (offset << 16) | length} of its value, or
     * -1. Handles the one-byte and two-byte forms (RFC 8285 §4.2, §4.3).
     */
    public static long findExtension(byte[] b, int off, int len, int id) {
        if ((b[off] & 0x10) == 0 || id <= 0) {
            return -1;
        }
        int start = off + FIXED_LENGTH + 4 * (b[off] & 0x0f);
        if (start + 4 > off + len) {
            return -1;
        }
        int profile = readShort(b, start);
        int end = start + 4 + 4 * readShort(b, start + 2);
        if (end > off + len) {
            return -1;
        }
        int p = start + 4;
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        boolean twoByte = (profile & 0xfff0) == 0x1000;
        while (p < end) {
            int e;
            int l;
            if (oneByte) {
                int h = b[p] & 0xff;
                if (h == 0) {
                    p++;
                    continue;
                }
                e = h >> 4;
                if (e == 15) {
                    return -1;
                }
                l = (h & 0x0f) + 1;
                p += 1;
            } else if (twoByte) {
                e = b[p] & 0xff;
                if (e == 0) {
                    p++;
                    continue;
                }
                if (p + 1 >= end) {
                    return -1;
                }
                l = b[p + 1] & 0xff;
                p += 2;
            } else {
                return -1;
            }
            if (p + l > end) {
                return -1;
            }
            if (e == id) {
                return ((long) (p - off) << 16) | l;
            }
            p += l;
        }
        return -1;
    }

    public static int readShort(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    public static void writeShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    public static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
