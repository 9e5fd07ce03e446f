package org.ruralconsult.loadgen;

/**
 * What a synthetic packet carries in its payload: a magic word, the stream id, the send time
 * ({@link System#nanoTime()}, the same clock for every participant of this JVM) and a sequence number.
 */
final class Stamp {
    static final int MAGIC = 0x52434c47; // "RCLG"
    static final int LENGTH = 20;
    /** Where the stamp sits in the RTP payload: Opus at 0, VP8 after the payload descriptor and header. */
    static final int AUDIO_OFFSET = 0;

    static final int VIDEO_OFFSET = 12;
    /** Video with a picture id in the VP8 payload descriptor (simulcast): 4 descriptor bytes, not 1. */
    static final int PICTURE_ID_VIDEO_OFFSET = 16;

    /** What a stream carries, in the low two bits of its id: a video layer (0 lowest) or audio. */
    static final int AUDIO = 3;

    static final int TOP_LAYER = 2;

    private Stamp() {}

    static void write(byte[] b, int at, int streamId, long sendNanos, int seq) {
        putInt(b, at, MAGIC);
        putInt(b, at + 4, streamId);
        putLong(b, at + 8, sendNanos);
        putInt(b, at + 16, seq);
    }

    /** The send time at {@code at}, or {@link Long#MIN_VALUE} when no stamp is there. */
    static long sendNanos(byte[] b, int at, int end) {
        if (at < 0 || at + LENGTH > end || getInt(b, at) != MAGIC) {
            return Long.MIN_VALUE;
        }
        return getLong(b, at + 8);
    }

    /** The {@code n}th stream id, of {@code kind} (a video layer or {@link #AUDIO}). */
    static int newStreamId(int n, int kind) {
        return (n << 2) | kind;
    }

    static int kind(int streamId) {
        return streamId & 3;
    }

    static int seq(byte[] b, int at) {
        return getInt(b, at + 16);
    }

    static int streamId(byte[] b, int at) {
        return getInt(b, at + 4);
    }

    /** Offset of the RTP payload (after CSRCs and header extension), or -1 if malformed. */
    static int rtpPayloadOffset(byte[] b, int off, int len) {
        if (len < 12) {
            return -1;
        }
        int p = off + 12 + 4 * (b[off] & 0x0f);
        if ((b[off] & 0x10) != 0) {
            if (p + 4 > off + len) {
                return -1;
            }
            int words = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            p += 4 + 4 * words;
        }
        return p <= off + len ? p : -1;
    }

    /**
     * The stamp position in an RTP packet: tries the audio and the video offsets, then the primary block
     * of a RED payload (RFC 2198 §3), whose redundant blocks carry older stamps.
     */
    static int find(byte[] b, int off, int len) {
        int p = rtpPayloadOffset(b, off, len);
        if (p < 0) {
            return -1;
        }
        int end = off + len;
        if (p + AUDIO_OFFSET + LENGTH <= end && getInt(b, p + AUDIO_OFFSET) == MAGIC) {
            return p + AUDIO_OFFSET;
        }
        if (p + VIDEO_OFFSET + LENGTH <= end && getInt(b, p + VIDEO_OFFSET) == MAGIC) {
            return p + VIDEO_OFFSET;
        }
        if (p + PICTURE_ID_VIDEO_OFFSET + LENGTH <= end && getInt(b, p + PICTURE_ID_VIDEO_OFFSET) == MAGIC) {
            return p + PICTURE_ID_VIDEO_OFFSET;
        }
        int primary = redPrimary(b, p, end);
        if (primary >= 0 && primary + LENGTH <= end && getInt(b, primary) == MAGIC) {
            return primary;
        }
        return -1;
    }

    /** Where the primary block of a RED payload at {@code p} starts, or -1 when it does not parse as one. */
    static int redPrimary(byte[] b, int p, int end) {
        int h = p;
        int data = 0;
        while (h < end && (b[h] & 0x80) != 0) {
            if (h + 4 > end) {
                return -1;
            }
            data += ((b[h + 2] & 0x03) << 8) | (b[h + 3] & 0xff);
            h += 4;
        }
        int at = h + 1 + data;
        return h < end && at <= end ? at : -1;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xffffffffL);
    }
}
