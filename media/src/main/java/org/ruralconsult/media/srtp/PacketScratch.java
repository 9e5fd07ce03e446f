package org.ruralconsult.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable byte array that jitsi-srtp transforms in place. Each worker owns a few of these;
 * packets are copied in from pooled direct buffers, transformed, and copied out, so the fast
 * path allocates nothing. Capacity leaves tail room for the SRTP/SRTCP tag and index.
 */
public final class PacketScratch implements ByteArrayBuffer {
    /** Largest datagram we accept plus room for a tag, an SRTCP index and an RTX header. */
    public static final int CAPACITY = 1500 + 64;

    private final byte[] buffer = new byte[CAPACITY];
    private int offset;
    private int length;

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (offset + length > buffer.length) {
            throw new IllegalArgumentException("beyond scratch capacity");
        }
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalArgumentException("beyond scratch capacity");
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }

    /** Resets to an empty packet at offset 0. */
    public PacketScratch clear() {
        offset = 0;
        length = 0;
        return this;
    }

    public byte[] array() {
        return buffer;
    }
}
