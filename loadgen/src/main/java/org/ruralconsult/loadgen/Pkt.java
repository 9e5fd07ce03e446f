package org.ruralconsult.loadgen;

import org.jitsi.utils.ByteArrayBuffer;

/** A packet in a byte array with room for the SRTP tag, as jitsi-srtp wants it. */
final class Pkt implements ByteArrayBuffer {
    private byte[] buf;
    private int off;
    private int len;

    Pkt(int capacity) {
        buf = new byte[capacity];
    }

    Pkt set(byte[] src, int srcOff, int length) {
        if (buf.length < length + 64) {
            buf = new byte[length + 64];
        }
        System.arraycopy(src, srcOff, buf, 0, length);
        off = 0;
        len = length;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buf;
    }

    @Override
    public int getOffset() {
        return off;
    }

    @Override
    public int getLength() {
        return len;
    }

    @Override
    public void setLength(int l) {
        len = l;
    }

    @Override
    public void setOffset(int o) {
        off = o;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int o, int l, byte[] out) {
        System.arraycopy(buf, off + o, out, 0, l);
    }

    @Override
    public void grow(int howMuch) {
        if (off + len + howMuch > buf.length) {
            byte[] n = new byte[off + len + howMuch];
            System.arraycopy(buf, 0, n, 0, buf.length);
            buf = n;
        }
    }

    @Override
    public void append(byte[] data, int l) {
        grow(l);
        System.arraycopy(data, 0, buf, off + len, l);
        len += l;
    }

    @Override
    public void shrink(int l) {
        len = Math.max(0, len - l);
    }
}
