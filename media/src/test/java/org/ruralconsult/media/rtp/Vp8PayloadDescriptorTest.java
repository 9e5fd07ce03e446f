package org.ruralconsult.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Vp8PayloadDescriptorTest {

    /** X=1, S=1 on the first packet of a picture; I, L, T and K present; 15-bit picture id. */
    private static byte[] wide(int pictureId, int tl0, int keyIdx, boolean start) {
        return new byte[] {
            (byte) (0x80 | (start ? 0x10 : 0)),
            (byte) 0xF0,
            (byte) (0x80 | (pictureId >> 8)),
            (byte) pictureId,
            (byte) tl0,
            (byte) (0x40 | keyIdx), // TID 1, Y 0, KEYIDX
            0x10,
            0x02
        };
    }

    private static int pictureId(byte[] b) {
        return (b[2] & 0x80) != 0 ? ((b[2] & 0x7f) << 8) | (b[3] & 0xff) : b[2] & 0x7f;
    }

    @Test
    void unchangedWithoutASwitchThenContinuousAcrossTwoSwitches() {
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        // layer q: pictures 100..102 (two packets each)
        for (int pic = 100; pic <= 102; pic++) {
            for (int packet = 0; packet < 2; packet++) {
                byte[] b = wide(pic, pic - 90, 3, packet == 0);
                d.rewrite(b, 0, b.length, true);
                assertEquals(pic, pictureId(b), "no switch yet: left as it came");
                assertEquals(pic - 90, b[4] & 0xff);
                assertEquals(0x43, b[5] & 0xff);
            }
        }
        // switch to layer f, whose own numbering is elsewhere: continues at 103, TL0 13, KEYIDX 4
        d.continueAtNextPacket();
        byte[] b = wide(7000, 200, 17, true);
        assertTrue(d.rewrite(b, 0, b.length, true));
        assertEquals(103, pictureId(b));
        assertEquals(13, b[4] & 0xff);
        assertEquals(4, b[5] & 0x1f);
        assertEquals(0x40, b[5] & 0xe0, "TID and Y kept");
        b = wide(7001, 200, 17, true);
        d.rewrite(b, 0, b.length, true);
        assertEquals(104, pictureId(b));
        // a retransmission of an older f packet keeps the same mapping and moves nothing on
        b = wide(7000, 200, 17, true);
        d.rewrite(b, 0, b.length, false);
        assertEquals(103, pictureId(b));
        // second switch, back to q, which went on meanwhile
        d.continueAtNextPacket();
        b = wide(150, 60, 4, true);
        d.rewrite(b, 0, b.length, true);
        assertEquals(105, pictureId(b));
        assertEquals(14, b[4] & 0xff);
        assertEquals(5, b[5] & 0x1f);
        assertEquals(0x02, b[7], "payload untouched");
    }

    @Test
    void fifteenBitPictureIdWrapsAndTl0AndKeyIdxWrap() {
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        byte[] b = wide(0x7fff, 255, 31, true);
        d.rewrite(b, 0, b.length, true);
        d.continueAtNextPacket();
        b = wide(42, 9, 2, true);
        d.rewrite(b, 0, b.length, true);
        assertEquals(0, pictureId(b), "0x7fff + 1 wraps to 0 in 15 bits");
        assertEquals(0x80, b[2] & 0x80, "still the 15-bit form");
        assertEquals(0, b[4] & 0xff);
        assertEquals(0, b[5] & 0x1f);
        b = wide(43, 9, 2, true);
        d.rewrite(b, 0, b.length, true);
        assertEquals(1, pictureId(b));
    }

    @Test
    void sevenBitPictureIdStaysSevenBits() {
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        byte[] first = {(byte) 0x90, (byte) 0x80, 0x7f, 0x10};
        d.rewrite(first, 0, first.length, true);
        d.continueAtNextPacket();
        byte[] next = {(byte) 0x90, (byte) 0x80, 0x05, 0x10};
        d.rewrite(next, 0, next.length, true);
        assertEquals(0, next[2], "127 + 1 wraps to 0 in 7 bits, M bit clear");
        assertEquals(0x10, next[3]);
    }

    @Test
    void cutShortDescriptorIsRefusedAndLeftAlone() {
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        byte[] b = {(byte) 0x90, (byte) 0x80, (byte) 0x81};
        assertFalse(d.rewrite(b, 0, b.length, true));
        assertEquals((byte) 0x81, b[2]);
        byte[] plain = {0x10, 0x00};
        assertTrue(d.rewrite(plain, 0, plain.length, true), "no extension: nothing to do");
    }
}
