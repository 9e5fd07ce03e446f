package org.ruralconsult.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Forwarded packets: new SSRC/seq/timestamp/PT, extensions mapped to the subscriber's ids, RTX. */
class RtpRewriterTest {
    /** V=2, P=1, X=1, PT 100, seq 4660, ts 0x01020304, ssrc 0xCAFEBABE; one-byte extensions. */
    static byte[] publisherPacket() {
        byte[] b = new byte[12 + 4 + 16 + 5 + 3];
        b[0] = (byte) 0xB0;
        b[1] = (byte) (0x80 | 100);
        RtpHeader.sequence(b, 0, 4660);
        RtpHeader.timestamp(b, 0, 0x01020304L);
        RtpHeader.ssrc(b, 0, 0xCAFEBABE);
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 4);
        int p = 16;
        b[p++] = 0x10; // id 1 audio level, 1 byte
        b[p++] = (byte) 0x85;
        b[p++] = 0x31; // id 3 transport-cc, 2 bytes
        b[p++] = 0;
        b[p++] = 9;
        b[p++] = 0x40; // id 4 mid "0"
        b[p++] = '0';
        b[p++] = 0x52; // id 5 abs-send-time, 3 bytes
        b[p++] = 7;
        b[p++] = 8;
        b[p++] = 9;
        b[p++] = 0x60; // id 6 rid "h"
        b[p++] = 'h';
        while (p < 32) {
            b[p++] = 0;
        }
        for (int i = 0; i < 5; i++) {
            b[32 + i] = (byte) (i + 1);
        }
        b[b.length - 1] = 3; // three bytes of padding
        return b;
    }

    static ExtensionIds publisherIds() {
        ExtensionIds in = new ExtensionIds();
        in.put(1, HeaderExtension.AUDIO_LEVEL);
        in.put(3, HeaderExtension.TRANSPORT_CC);
        in.put(4, HeaderExtension.MID);
        in.put(5, HeaderExtension.ABS_SEND_TIME);
        in.put(6, HeaderExtension.RID);
        return in;
    }

    @Test
    void rewritesHeaderAndMapsExtensions() {
        byte[] src = publisherPacket();
        assertTrue(RtpHeader.valid(src, 0, src.length));
        ExtensionIds out = new ExtensionIds();
        out.put(9, HeaderExtension.MID);
        out.put(2, HeaderExtension.AUDIO_LEVEL);
        out.put(3, HeaderExtension.ABS_SEND_TIME);
        byte[] dst = new byte[1600];
        int n = RtpRewriter.rewrite(
                src, 0, src.length, publisherIds(), dst, 0x11223344, 7, 99L, 111, out, "12".getBytes(), -1);
        assertTrue(RtpHeader.valid(dst, 0, n));
        assertEquals(0x11223344, RtpHeader.ssrc(dst, 0));
        assertEquals(7, RtpHeader.sequence(dst, 0));
        assertEquals(99L, RtpHeader.timestamp(dst, 0));
        assertEquals(111, RtpHeader.payloadType(dst, 0));
        assertTrue(RtpHeader.marker(dst, 0), "marker bit kept");
        assertEquals(0, RtpHeader.paddingLength(dst, 0, n), "padding stripped");
        assertEquals("12", value(dst, n, 9));
        assertEquals((byte) 0x85, dst[(int) (RtpHeader.findExtension(dst, 0, n, 2) >> 16)]);
        long abs = RtpHeader.findExtension(dst, 0, n, 3);
        assertEquals(3, abs & 0xffff);
        assertEquals(7, dst[(int) (abs >> 16)]);
        assertEquals(-1, RtpHeader.findExtension(dst, 0, n, 6), "rid is not forwarded");
        assertEquals(-1, RtpHeader.findExtension(dst, 0, n, 4), "publisher ids are not leaked");
        int h = RtpHeader.headerLength(dst, 0, n);
        assertEquals(5, n - h);
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, dst[h + i]);
        }
    }

    @Test
    void rtxCarriesTheOriginalSequenceNumberFirst() {
        byte[] src = publisherPacket();
        ExtensionIds none = new ExtensionIds();
        byte[] dst = new byte[1600];
        int n = RtpRewriter.rewrite(src, 0, src.length, publisherIds(), dst, 5, 300, 1L, 97, none, null, 4242);
        int h = RtpHeader.headerLength(dst, 0, n);
        assertEquals(12, h, "no extension block when the subscriber negotiated none");
        assertEquals(4242, RtpHeader.readShort(dst, h));
        assertEquals(7, n - h);
        assertEquals(97, RtpHeader.payloadType(dst, 0));
    }

    @Test
    void malformedPacketsAreRecognised() {
        byte[] src = publisherPacket();
        assertFalse(RtpHeader.valid(src, 0, 11));
        assertFalse(RtpHeader.valid(src, 0, 20), "extension runs past the packet");
        byte[] v1 = src.clone();
        v1[0] = 0x40;
        assertFalse(RtpHeader.valid(v1, 0, v1.length));
        byte[] pad = src.clone();
        pad[pad.length - 1] = (byte) 200;
        assertFalse(RtpHeader.valid(pad, 0, pad.length), "padding longer than the packet");
    }

    @Test
    void keyFramesAreRecognised() {
        // VP8: X=1,S=1,PID=0 | I=1 | 15-bit picture id | payload header with P=0
        assertTrue(Keyframes.vp8(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x23, 0x10}, 0, 5));
        assertFalse(Keyframes.vp8(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x23, 0x11}, 0, 5));
        assertFalse(Keyframes.vp8(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x81, 0x23, 0x10}, 0, 5), "not a start");
        assertTrue(Keyframes.h264(new byte[] {0x65, 0}, 0, 2), "IDR");
        assertTrue(Keyframes.h264(new byte[] {0x18, 0, 2, 0x67, 0, 0, 1, 0x41}, 0, 8), "STAP-A with SPS");
        assertTrue(Keyframes.h264(new byte[] {0x7c, (byte) 0x85, 0}, 0, 3), "FU-A start of IDR");
        assertFalse(Keyframes.h264(new byte[] {0x41, 0}, 0, 2), "non-IDR slice");
    }

    private static String value(byte[] b, int len, int id) {
        long f = RtpHeader.findExtension(b, 0, len, id);
        return new String(b, (int) (f >> 16), (int) (f & 0xffff));
    }

    @Test
    void reservesTheSubscribersTransportSequenceElement() {
        byte[] src = publisherPacket();
        ExtensionIds out = new ExtensionIds();
        out.put(4, HeaderExtension.MID);
        out.put(5, HeaderExtension.TRANSPORT_CC);
        byte[] dst = new byte[1600];
        int n = RtpRewriter.rewrite(src, 0, src.length, publisherIds(), dst, 1, 2, 3L, 96, out, "1".getBytes(), -1);
        assertTrue(RtpHeader.valid(dst, 0, n));
        long tcc = RtpHeader.findExtension(dst, 0, n, 5);
        assertEquals(2, tcc & 0xffff, "two bytes for the send chain to fill");
        assertEquals(0, RtpHeader.readShort(dst, (int) (tcc >> 16)), "zero until numbered");
        assertEquals(-1, RtpHeader.findExtension(dst, 0, n, 3), "the publisher's own number is not forwarded");
        int h = RtpHeader.headerLength(dst, 0, n);
        assertEquals(n - h, 5, "payload unchanged");
    }

    @Test
    void paddingOnlyProbePacket() {
        ExtensionIds out = new ExtensionIds();
        out.put(4, HeaderExtension.MID);
        out.put(5, HeaderExtension.TRANSPORT_CC);
        byte[] dst = new byte[1600];
        int n = RtpRewriter.padding(dst, 0x77, 10, 1234L, 97, out, "3".getBytes(), 255);
        assertTrue(RtpHeader.valid(dst, 0, n));
        assertEquals(255, RtpHeader.paddingLength(dst, 0, n), "RFC 3550 §5.1: the last byte counts the padding");
        assertEquals(n, RtpHeader.headerLength(dst, 0, n) + 255, "nothing but padding after the header");
        assertEquals(97, RtpHeader.payloadType(dst, 0));
        assertEquals(0x77, RtpHeader.ssrc(dst, 0));
        assertEquals(10, RtpHeader.sequence(dst, 0));
        assertEquals("3", value(dst, n, 4));
        assertEquals(2, RtpHeader.findExtension(dst, 0, n, 5) & 0xffff);
    }
}
