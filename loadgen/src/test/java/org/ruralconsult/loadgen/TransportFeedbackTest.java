package org.ruralconsult.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) against examples decoded by hand. */
class TransportFeedbackTest {
    private static final int SENDER = 0x01020304;
    private static final int MEDIA = 0x0a0b0c0d;

    @Test
    void aLossAReorderAndALargeDeltaGoInOneTwoBitStatusVector() {
        // seq 100 at 1.000000 s, 101 lost, 102 at 1.000500 s, 103 at 1.000250 s (reordered), 104 at 1.080000 s
        long[] arrivals = {1_000_000, -1, 1_000_500, 1_000_250, 1_080_000};
        byte[] out = new byte[64];
        int len = TransportFeedback.encode(out, 0, SENDER, MEDIA, 100, arrivals, 5, 7);
        // 8f cd 0006: V=2 FMT=15 RTPFB, 7 words; base 100, 5 statuses; reference 15 × 64 ms = 0.96 s, count 7;
        // d1a0: vector chunk, 2-bit symbols 01 00 01 10 10 (00 00 unused); deltas in 250 µs: 160 (a0), 2,
        // -1 (ffff, large), 319 (013f, large); 28 bytes, no padding needed
        String expected = "8fcd0006" + "01020304" + "0a0b0c0d" + "00640005" + "00000f07" + "d1a0" + "a002" + "ffff013f";
        assertEquals(expected, HexFormat.of().formatHex(out, 0, len));
    }

    @Test
    void twentyPacketsOneMillisecondApartAreOneRunLengthChunkPaddedTo32Bits() {
        long[] arrivals = new long[20];
        for (int i = 0; i < 20; i++) {
            arrivals[i] = 128_000 + 1000L * i;
        }
        byte[] out = new byte[64];
        int len = TransportFeedback.encode(out, 0, SENDER, MEDIA, 65530, arrivals, 20, 255);
        // 2014: run length chunk, symbol 01 (small delta), 20 packets; reference 2 × 64 ms = 128 ms, so the
        // first delta is 0, then 19 of 4 × 250 µs; 42 bytes, two zero bytes of padding, 11 words
        String expected = "8fcd000a" + "01020304" + "0a0b0c0d" + "fffa0014" + "000002ff" + "2014" + "00"
                + "04".repeat(19) + "0000";
        assertEquals(expected, HexFormat.of().formatHex(out, 0, len));
    }

    @Test
    void smallDeltasAndALossGoInAOneBitStatusVector() {
        long[] arrivals = {64_000, -1, 64_250, 65_000};
        byte[] out = new byte[64];
        int len = TransportFeedback.encode(out, 0, SENDER, MEDIA, 7, arrivals, 4, 0);
        // ac00: vector chunk, 1-bit symbols 1 0 1 1 (the other ten unused); deltas 0, 1, 3; 25 bytes padded to 28
        String expected = "8fcd0006" + "01020304" + "0a0b0c0d" + "00070004" + "00000100" + "ac00" + "000103" + "000000";
        assertEquals(expected, HexFormat.of().formatHex(out, 0, len));
    }

    @Test
    void randomArrivalsDecodeToTheirQuarterMillisecondTicks() {
        Random rnd = new Random(13);
        for (int round = 0; round < 200; round++) {
            int count = 1 + rnd.nextInt(300);
            long[] arrivals = new long[count];
            long t = 5_000_000L + rnd.nextInt(1_000_000);
            for (int i = 0; i < count; i++) {
                t += rnd.nextInt(10) == 0 ? rnd.nextInt(200_000) - 20_000 : rnd.nextInt(3000);
                arrivals[i] = i > 0 && rnd.nextInt(8) == 0 ? -1 : t;
            }
            byte[] out = new byte[4096];
            int base = rnd.nextInt(0x10000);
            int len = TransportFeedback.encode(out, 0, SENDER, MEDIA, base, arrivals, count, round);
            assertEquals(0, len % 4);
            Decoded d = decode(out, 0, len);
            assertEquals(base, d.baseSeq);
            assertEquals(round & 0xff, d.feedbackCount);
            long[] ticks = new long[count];
            for (int i = 0; i < count; i++) {
                ticks[i] = arrivals[i] < 0 ? -1 : Math.floorDiv(arrivals[i], 250);
            }
            assertArrayEquals(ticks, d.ticks, "round " + round);
        }
    }

    @Test
    void arrivalsAcrossTheSequenceWrapAreReportedOnceLossesIncluded() {
        TransportFeedback f = new TransportFeedback();
        f.onArrival(65534, MEDIA, 1_000_000);
        f.onArrival(65535, MEDIA, 1_001_000);
        f.onArrival(2, MEDIA, 1_003_000); // 0 and 1 lost so far
        f.onArrival(0, MEDIA, 1_002_000);
        byte[] out = new byte[512];
        Decoded d = decode(out, 0, f.build(out, 0, SENDER));
        assertEquals(65534, d.baseSeq);
        assertArrayEquals(new long[] {4000, 4004, 4008, -1, 4012}, d.ticks);
        assertEquals(MEDIA, d.mediaSsrc);
        assertEquals(0, f.build(out, 0, SENDER), "nothing new");
        f.onArrival(1, MEDIA, 1_004_000); // too late: reported lost already
        assertEquals(0, f.build(out, 0, SENDER));
        f.onArrival(3, MEDIA, 1_005_000);
        d = decode(out, 0, f.build(out, 0, SENDER));
        assertEquals(3, d.baseSeq);
        assertArrayEquals(new long[] {4020}, d.ticks);
        assertEquals(1, d.feedbackCount);
    }

    @Test
    void aGapOfMoreThanEightSecondsStartsTheNextFeedbackPacket() {
        TransportFeedback f = new TransportFeedback();
        f.onArrival(10, MEDIA, 1_000_000);
        f.onArrival(11, MEDIA, 10_000_000); // 9 s later: more than 16 signed bits of 250 µs
        byte[] out = new byte[512];
        Decoded d = decode(out, 0, f.build(out, 0, SENDER));
        assertEquals(10, d.baseSeq);
        assertArrayEquals(new long[] {4000}, d.ticks);
        d = decode(out, 0, f.build(out, 0, SENDER));
        assertEquals(11, d.baseSeq);
        assertArrayEquals(new long[] {40_000}, d.ticks);
    }

    @Test
    void findsTheTransportWideSequenceNumberInBothExtensionForms() {
        byte[] b = new byte[64];
        Publisher.header(b, 96, false, 1, 2, 3);
        b[0] |= 0x10;
        // one-byte form: padding, mid "1" (id 4), transport-cc 0x1234 (id 3)
        byte[] ext = {(byte) 0xbe, (byte) 0xde, 0, 2, 0, 0x40, '1', 0x31, 0x12, 0x34, 0, 0};
        System.arraycopy(ext, 0, b, 12, ext.length);
        long e = RtpExtensions.find(b, 40, 3);
        assertEquals(20, e >>> 8); // 12 fixed + 4 extension header + padding, 2 of mid, 1 element header
        assertEquals(2, e & 0xff);
        assertEquals(-1, RtpExtensions.find(b, 40, 5));
        assertEquals(-1, RtpExtensions.find(b, 22, 3), "cut short");
        // two-byte form: id 3, length 2
        byte[] ext2 = {0x10, 0x00, 0, 1, 3, 2, 0x56, 0x78};
        Arrays.fill(b, 12, 40, (byte) 0);
        System.arraycopy(ext2, 0, b, 12, ext2.length);
        e = RtpExtensions.find(b, 40, 3);
        assertEquals(18, e >>> 8);
        assertEquals(2, e & 0xff);
    }

    /** What a feedback packet says, decoded independently of the encoder. */
    record Decoded(int mediaSsrc, int baseSeq, int feedbackCount, long[] ticks) {}

    static Decoded decode(byte[] b, int off, int len) {
        assertEquals(0x8f, b[off] & 0xff);
        assertEquals(205, b[off + 1] & 0xff);
        assertEquals(len / 4 - 1, ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff));
        int media = Stamp.getInt(b, off + 8);
        int base = ((b[off + 12] & 0xff) << 8) | (b[off + 13] & 0xff);
        int count = ((b[off + 14] & 0xff) << 8) | (b[off + 15] & 0xff);
        int refAndCount = Stamp.getInt(b, off + 16);
        long reference = refAndCount >> 8; // 24 bits, signed
        List<Integer> symbols = new ArrayList<>();
        int p = off + 20;
        while (symbols.size() < count) {
            int chunk = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
            p += 2;
            if ((chunk & 0x8000) == 0) {
                int s = (chunk >>> 13) & 3;
                for (int i = 0; i < (chunk & 0x1fff); i++) {
                    symbols.add(s);
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int i = 13; i >= 0; i--) {
                    symbols.add((chunk >>> i) & 1);
                }
            } else {
                for (int i = 6; i >= 0; i--) {
                    symbols.add((chunk >>> (2 * i)) & 3);
                }
            }
        }
        long[] ticks = new long[count];
        long t = reference * 256;
        for (int i = 0; i < count; i++) {
            int s = symbols.get(i);
            if (s == 0) {
                ticks[i] = -1;
                continue;
            }
            if (s == 1) {
                t += b[p++] & 0xff;
            } else {
                t += (short) (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff));
                p += 2;
            }
            ticks[i] = t;
        }
        for (int i = p; i < off + len; i++) {
            assertEquals(0, b[i], "zero padding");
        }
        return new Decoded(media, base, refAndCount & 0xff, ticks);
    }
}
