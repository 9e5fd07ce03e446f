package org.ruralconsult.media.rtp;

/**
 * Keeps one subscriber's VP8 picture ids continuous across simulcast layer switches: each layer has
 * its own PictureID, TL0PICIDX and KEYIDX sequences, so after a switch the decoder would see a jump
 * and take it for lost pictures. Rewrites the payload descriptor in place in the outgoing packet,
 * keeping its layout (a 7-bit picture id stays 7 bits). One per consumer; no allocation.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7741#section-4.2">RFC 7741 §4.2 VP8 payload descriptor</a>
 */
public final class Vp8PayloadDescriptor {
    private int pictureIdOffset;
    private int tl0Offset;
    private int keyIdxOffset;
    private int lastPictureId = -1;
    private int lastTl0 = -1;
    private int lastKeyIdx = -1;
    private boolean continueNext;

    /** The next original packet starts another layer: continue its numbering from the last one written. */
    public void continueAtNextPacket() {
        continueNext = true;
    }

    /**
     * Rewrites the descriptor at {@code b[off..off+len)} (the RTP payload). {@code original}: false for a
     * retransmission, which is rewritten with the current offsets but moves nothing on. Returns false if
     * the descriptor is cut short (the packet is then left as it was).
     */
    public boolean rewrite(byte[] b, int off, int len, boolean original) {
        if (len < 1) {
            return false;
        }
        if ((b[off] & 0x80) == 0) {
            return true; // X = 0: no picture id, TL0PICIDX or KEYIDX to keep continuous
        }
        int end = off + len;
        if (len < 2) {
            return false;
        }
        int ext = b[off + 1] & 0xff;
        int p = off + 2;
        int picPos = -1;
        int picMask = 0;
        if ((ext & 0x80) != 0) { // I
            if (p >= end) {
                return false;
            }
            picPos = p;
            boolean wide = (b[p] & 0x80) != 0; // M: 15-bit picture id
            if (wide && p + 1 >= end) {
                return false;
            }
            picMask = wide ? 0x7fff : 0x7f;
            p += wide ? 2 : 1;
        }
        int tl0Pos = -1;
        if ((ext & 0x40) != 0) { // L
            if (p >= end) {
                return false;
            }
            tl0Pos = p++;
        }
        int keyPos = -1;
        if ((ext & 0x30) != 0) { // T or K share one byte: TID | Y | KEYIDX
            if (p >= end) {
                return false;
            }
            if ((ext & 0x10) != 0) {
                keyPos = p;
            }
        }
        int pic = picPos < 0
                ? -1
                : picMask == 0x7fff ? ((b[picPos] & 0x7f) << 8) | (b[picPos + 1] & 0xff) : b[picPos] & 0x7f;
        int tl0 = tl0Pos < 0 ? -1 : b[tl0Pos] & 0xff;
        int key = keyPos < 0 ? -1 : b[keyPos] & 0x1f;
        if (original && continueNext) {
            continueNext = false;
            if (pic >= 0 && lastPictureId >= 0) {
                pictureIdOffset = (lastPictureId + 1 - pic) & 0x7fff;
            }
            if (tl0 >= 0 && lastTl0 >= 0) {
                tl0Offset = (lastTl0 + 1 - tl0) & 0xff;
            }
            if (key >= 0 && lastKeyIdx >= 0) {
                keyIdxOffset = (lastKeyIdx + 1 - key) & 0x1f;
            }
        }
        if (pic >= 0) {
            int out = (pic + pictureIdOffset) & picMask;
            if (picMask == 0x7fff) {
                b[picPos] = (byte) (0x80 | (out >> 8));
                b[picPos + 1] = (byte) out;
            } else {
                b[picPos] = (byte) out;
            }
            if (original && (lastPictureId < 0 || ((out - lastPictureId) & picMask) < (picMask + 1) / 2)) {
                lastPictureId = out;
            }
        }
        if (tl0 >= 0) {
            int out = (tl0 + tl0Offset) & 0xff;
            b[tl0Pos] = (byte) out;
            if (original && (lastTl0 < 0 || ((out - lastTl0) & 0xff) < 0x80)) {
                lastTl0 = out;
            }
        }
        if (key >= 0) {
            int out = (key + keyIdxOffset) & 0x1f;
            b[keyPos] = (byte) ((b[keyPos] & 0xe0) | out);
            if (original && (lastKeyIdx < 0 || ((out - lastKeyIdx) & 0x1f) < 0x10)) {
                lastKeyIdx = out;
            }
        }
        return true;
    }
}
