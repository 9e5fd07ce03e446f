package org.ruralconsult.media.testing;

import java.io.ByteArrayOutputStream;

/** RED payloads (RFC 2198 §3) built by hand for tests. */
public final class RedPayloads {
    private RedPayloads() {}

    /**
     * A RED payload of {@code blocks}, all of payload type {@code pt}: {@code tsOffsets[i]} for each
     * redundant block; the last block is the primary.
     */
    public static byte[] red(int pt, int[] tsOffsets, byte[]... blocks) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < blocks.length - 1; i++) {
            b.write(0x80 | pt);
            b.write(tsOffsets[i] >> 6);
            b.write(((tsOffsets[i] & 0x3f) << 2) | (blocks[i].length >> 8));
            b.write(blocks[i].length & 0xff);
        }
        b.write(pt);
        for (byte[] block : blocks) {
            b.writeBytes(block);
        }
        return b.toByteArray();
    }

    /** {@code length} bytes counting up from {@code seed}: a stand-in for one encoded frame. */
    public static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }
}
