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

    /** The stamp position in an RTP packet: tries the audio and then the video offset. */
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
        return -1;
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
