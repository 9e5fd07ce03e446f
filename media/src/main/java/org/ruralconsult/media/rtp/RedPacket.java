package org.ruralconsult.media.rtp;

/**
 * The blocks of one RED payload (RFC 2198), parsed into reusable arrays: one instance per worker, no
 * allocation per packet. Block 0 is the oldest redundant block, block {@code count() - 1} the primary.
 *
 * <pre>
 *  F|block PT(7) | timestamp offset(14) | block length(10)   F=1: a redundant block's 4-byte header
 *  0|block PT(7)                                             F=0: the last header, the primary block's
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2198#section-3">RFC 2198 §3 payload format</a>
 */
public final class RedPacket {
    /** More redundant blocks than this is taken for garbage (libwebrtc sends one or two). */
    public static final int MAX_REDUNDANT_BLOCKS = 8;

    private final int[] payloadType = new int[MAX_REDUNDANT_BLOCKS + 1];
    private final int[] timestampOffset = new int[MAX_REDUNDANT_BLOCKS + 1];
    private final int[] offset = new int[MAX_REDUNDANT_BLOCKS + 1];
    private final int[] length = new int[MAX_REDUNDANT_BLOCKS + 1];
    private int count;

    /**
     * Parses the RED payload {@code b[off..off+len)}; false when it is malformed (a header cut short,
     * block lengths past the end, too many blocks, nothing at all), and then nothing is kept.
     */
    public boolean parse(byte[] b, int off, int len) {
        count = 0;
        int p = off;
        int end = off + len;
        int dataLength = 0;
        while (true) {
            if (p >= end || count > MAX_REDUNDANT_BLOCKS) {
                count = 0;
                return false;
            }
            int first = b[p] & 0xff;
            payloadType[count] = first & 0x7f;
            if ((first & 0x80) == 0) { // the primary's one-byte header ends the list
                timestampOffset[count] = 0;
                p++;
                break;
            }
            if (p + 4 > end) {
                count = 0;
                return false;
            }
            timestampOffset[count] = ((b[p + 1] & 0xff) << 6) | ((b[p + 2] & 0xff) >> 2);
            length[count] = ((b[p + 2] & 0x03) << 8) | (b[p + 3] & 0xff);
            dataLength += length[count];
            count++;
            p += 4;
        }
        int data = p;
        if (data + dataLength > end) {
            count = 0;
            return false;
        }
        for (int i = 0; i < count; i++) {
            offset[i] = data - off;
            data += length[i];
        }
        offset[count] = data - off;
        length[count] = end - data;
        count++;
        return true;
    }

    /** Blocks, the primary included; 0 when the last parse failed. */
    public int count() {
        return count;
    }

    /** Redundant blocks (all but the primary). */
    public int redundantCount() {
        return count - 1;
    }

    public int primary() {
        return count - 1;
    }

    public int payloadType(int block) {
        return payloadType[block];
    }

    /** How far before the packet's timestamp this block's media starts (0 for the primary). */
    public int timestampOffset(int block) {
        return timestampOffset[block];
    }

    /** The block's data, relative to the start of the RED payload. */
    public int offset(int block) {
        return offset[block];
    }

    public int length(int block) {
        return length[block];
    }

    /**
     * Sets the payload type of every block header of the parsed payload, now at {@code b[off..)} (a copy
     * of the parsed one): a subscriber's Opus payload type may differ from the publisher's.
     */
    public void rewriteBlockPayloadTypes(byte[] b, int off, int pt) {
        for (int i = 0; i < count; i++) {
            int h = off + 4 * i;
            b[h] = (byte) ((b[h] & 0x80) | (pt & 0x7f));
        }
    }
}
