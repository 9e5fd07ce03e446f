package org.ruralconsult.benchjmh;

import org.jitsi.utils.ByteArrayBuffer;

/** A reusable packet array that jitsi-srtp transforms in place, with tail room for the tag. */
final class Packet implements ByteArrayBuffer {
    final byte[] buf = new byte[1500 + 64];
    int off;
    int len;

    Packet load(byte[] src, int length) {
        System.arraycopy(src, 0, buf, 0, length);
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
            throw new IllegalStateException("no tail room");
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
        len -= l;
    }
}
