package org.ruralconsult.tv.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** I420 → ARGB colours on a known frame, and the latest-frame slot: it drops, never queues. */
class VideoSlotTest {
    // BT.601 limited-range YUV of well-known colours
    static final int[][] YUV = {
        {235, 128, 128}, // white
        {16, 128, 128}, // black
        {81, 90, 240}, // red
        {145, 54, 34}, // green
        {41, 240, 110}, // blue
        {126, 128, 128}, // mid grey
    };
    static final int[] ARGB = {0xffffffff, 0xff000000, 0xffff0000, 0xff00ff00, 0xff0000ff, 0xff7f7f7f};

    @Test
    void knownColoursConvertToArgb() {
        // 12×2 frame of six 2×2 blocks (one chroma sample each), with padded strides as decoders give them
        int w = 12;
        int h = 2;
        int strideY = 16;
        int strideC = 8;
        ByteBuffer y = ByteBuffer.allocateDirect(strideY * h);
        ByteBuffer u = ByteBuffer.allocateDirect(strideC);
        ByteBuffer v = ByteBuffer.allocateDirect(strideC);
        for (int block = 0; block < YUV.length; block++) {
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 2; col++) {
                    y.put(row * strideY + block * 2 + col, (byte) YUV[block][0]);
                }
            }
            u.put(block, (byte) YUV[block][1]);
            v.put(block, (byte) YUV[block][2]);
        }
        int[] out = new int[w * h];
        new I420Converter().convert(y, strideY, u, strideC, v, strideC, w, h, out);
        for (int block = 0; block < YUV.length; block++) {
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 2; col++) {
                    assertClose(ARGB[block], out[row * w + block * 2 + col], "block " + block);
                }
            }
        }
    }

    @Test
    void oddSizesUseTheLastChromaSample() {
        // 3×3: chroma is 2×2; the third column and row take the second sample
        ByteBuffer y = filled(9, 81);
        ByteBuffer u = ByteBuffer.wrap(new byte[] {(byte) 128, (byte) 90, (byte) 128, (byte) 90});
        ByteBuffer v = ByteBuffer.wrap(new byte[] {(byte) 128, (byte) 240, (byte) 128, (byte) 240});
        int[] out = new int[9];
        new I420Converter().convert(y, 3, u, 2, v, 2, 3, 3, out);
        assertClose(0xffff0000, out[2], "top right: red");
        assertClose(0xffff0000, out[8], "bottom right: red");
        assertEquals(out[0], out[1], "one chroma sample for two columns");
    }

    @Test
    void theSlotKeepsOnlyTheNewestFrameAndCountsWhatItDropped() {
        VideoSlot slot = new VideoSlot("doc-li");
        VideoPicture picture = new VideoPicture();
        assertFalse(slot.takeLatest(picture), "nothing before the first frame");
        assertEquals(0, slot.width());

        for (int i = 0; i < 5; i++) {
            putGrey(slot, 4, 2, 20 + 40 * i);
        }
        assertEquals(5, slot.framesDecoded());
        assertEquals(4, slot.framesDropped(), "four frames were replaced before anyone took them");
        assertTrue(slot.takeLatest(picture));
        assertEquals(5, picture.sequence);
        assertEquals(4, picture.width);
        assertEquals(2, picture.height);
        int newestGrey = Math.round((20 + 40 * 4 - 16) * 255f / 219f);
        assertEquals(newestGrey, picture.pixels[0] & 0xff, "the newest frame, not the first queued one");
        assertFalse(slot.takeLatest(picture), "the same frame is not taken twice");
        assertEquals(1, slot.framesTaken());

        putGrey(slot, 4, 2, 100);
        int[] target = new int[8];
        long seq = slot.copyLatest(target, picture.sequence);
        assertEquals(6, seq);
        assertEquals(seq, slot.copyLatest(target, seq), "nothing newer");
        assertEquals(4, slot.framesDropped(), "frames taken in time are not dropped");
        assertEquals(2, slot.framesTaken());

        putGrey(slot, 8, 4, 100); // a larger frame does not fit the old target
        assertEquals(seq, slot.copyLatest(target, seq));
        assertTrue(slot.takeLatest(picture));
        assertEquals(8, picture.width);
        assertTrue(picture.pixels.length >= 32);
    }

    @Test
    void aSlowReaderNeverSeesATornOrQueuedFrame() throws Exception {
        VideoSlot slot = new VideoSlot("exp-wang");
        int frames = 300;
        Thread decoder = new Thread(() -> {
            for (int i = 0; i < frames; i++) {
                putGrey(slot, 64, 32, 16 + (i % 200));
            }
        });
        decoder.start();
        VideoPicture picture = new VideoPicture();
        long last = 0;
        while (decoder.isAlive() || slot.sequence() != last) {
            if (slot.takeLatest(picture)) {
                assertTrue(picture.sequence > last, "sequence only goes forward");
                last = picture.sequence;
                int first = picture.pixels[0];
                for (int p = 1; p < 64 * 32; p++) {
                    if (picture.pixels[p] != first) {
                        throw new AssertionError("a torn frame at pixel " + p);
                    }
                }
            }
        }
        decoder.join();
        assertEquals(frames, slot.framesDecoded());
        assertEquals(frames, slot.framesDropped() + slot.framesTaken(), "every frame is taken or dropped");
    }

    @Test
    void convertingAFrameAllocatesNothingOnceTheSizeIsKnown() {
        int w = 64;
        int h = 32;
        ByteBuffer y = filled(w * h, 100);
        ByteBuffer u = filled(w * h / 4, 128);
        ByteBuffer v = filled(w * h / 4, 128);
        int[] out = new int[w * h];
        int[] before = out.clone();
        I420Converter c = new I420Converter();
        c.convert(y, w, u, w / 2, v, w / 2, w, h, out);
        assertFalse(java.util.Arrays.equals(before, out));
        int[] again = new int[w * h];
        c.convert(y, w, u, w / 2, v, w / 2, w, h, again);
        assertArrayEquals(out, again);
    }

    @Test
    void scaledConversionPutsColourBarsWhereTheyBelongLargerAndSmaller() {
        // 1280×720 of six vertical bars (plus two of white and black) 160 px wide, with padded strides
        int w = 1280;
        int h = 720;
        int strideY = 1344;
        int strideC = 672;
        int[][] bars = {YUV[0], YUV[2], YUV[3], YUV[4], YUV[5], YUV[1], YUV[2], YUV[0]};
        int[] argb = {ARGB[0], ARGB[2], ARGB[3], ARGB[4], ARGB[5], ARGB[1], ARGB[2], ARGB[0]};
        ByteBuffer y = ByteBuffer.allocateDirect(strideY * h);
        ByteBuffer u = ByteBuffer.allocateDirect(strideC * h / 2);
        ByteBuffer v = ByteBuffer.allocateDirect(strideC * h / 2);
        for (int row = 0; row < h; row++) {
            for (int x = 0; x < w; x++) {
                y.put(row * strideY + x, (byte) bars[x / 160][0]);
            }
        }
        for (int row = 0; row < h / 2; row++) {
            for (int cx = 0; cx < w / 2; cx++) {
                u.put(row * strideC + cx, (byte) bars[cx / 80][1]);
                v.put(row * strideC + cx, (byte) bars[cx / 80][2]);
            }
        }
        I420Converter c = new I420Converter();
        // Larger, as a 1080p screen shows it: each bar 240 px wide, every row, exact edges.
        int[] big = new int[1920 * 1080];
        c.convertScaled(y, strideY, u, strideC, v, strideC, w, h, big, 1920, 1080);
        for (int row : new int[] {0, 1, 2, 539, 540, 1078, 1079}) {
            for (int x = 0; x < 1920; x++) {
                assertClose(argb[x / 240], big[row * 1920 + x], "1080p row " + row + " column " + x);
            }
        }
        // Smaller, as a 480×270 tile shows it: each bar 60 px wide.
        int[] small = new int[480 * 270];
        c.convertScaled(y, strideY, u, strideC, v, strideC, w, h, small, 480, 270);
        for (int row = 0; row < 270; row++) {
            for (int x = 0; x < 480; x++) {
                assertClose(argb[x / 60], small[row * 480 + x], "480x270 row " + row + " column " + x);
            }
        }
        // The same size is the plain conversion.
        int[] same = new int[w * h];
        int[] plain = new int[w * h];
        c.convertScaled(y, strideY, u, strideC, v, strideC, w, h, same, w, h);
        c.convert(y, strideY, u, strideC, v, strideC, w, h, plain);
        assertArrayEquals(plain, same);
    }

    @Test
    void scaledConversionTakesTheRowUnderEachOutputRow() {
        // 2×4: two rows red, two rows blue (one chroma row each), scaled to 3×8 (each source row twice)
        // and to 1×2 (source rows 1 and 3: under the centres of the two output rows)
        int[][] rows = {YUV[2], YUV[2], YUV[4], YUV[4]};
        ByteBuffer y = ByteBuffer.allocate(8);
        ByteBuffer u = ByteBuffer.allocate(2);
        ByteBuffer v = ByteBuffer.allocate(2);
        for (int row = 0; row < 4; row++) {
            y.put(row * 2, (byte) rows[row][0]);
            y.put(row * 2 + 1, (byte) rows[row][0]);
        }
        u.put(0, (byte) YUV[2][1]).put(1, (byte) YUV[4][1]);
        v.put(0, (byte) YUV[2][2]).put(1, (byte) YUV[4][2]);
        I420Converter c = new I420Converter();
        int[] tall = new int[3 * 8];
        c.convertScaled(y, 2, u, 1, v, 1, 2, 4, tall, 3, 8);
        for (int row = 0; row < 8; row++) {
            for (int x = 0; x < 3; x++) {
                assertClose(row < 4 ? ARGB[2] : ARGB[4], tall[row * 3 + x], "row " + row);
            }
        }
        int[] tiny = new int[2];
        c.convertScaled(y, 2, u, 1, v, 1, 2, 4, tiny, 1, 2);
        assertClose(ARGB[2], tiny[0], "top");
        assertClose(ARGB[4], tiny[1], "bottom");
    }

    @Test
    void theSlotConvertsAtTheSizeTheRendererDraws() {
        VideoSlot slot = new VideoSlot("doc");
        putGrey(slot, 1280, 720, 126);
        assertEquals(1280, slot.width(), "as it came until the renderer says where it draws");
        // A 1080p screen without a GPU: made larger, aspect kept.
        slot.drawInside(1920, 1080, true);
        putGrey(slot, 1280, 720, 126);
        assertEquals(1920, slot.width());
        assertEquals(1080, slot.height());
        assertEquals(1280, slot.receivedWidth());
        VideoPicture picture = new VideoPicture();
        assertTrue(slot.takeLatest(picture));
        assertEquals(1920 * 1080, picture.width * picture.height);
        assertClose(0xff7f7f7f, picture.pixels[1920 * 1080 - 1], "the last pixel");
        // A 4:3 frame in a 16:9 box: fitted by height (bars left and right are the renderer's).
        putGrey(slot, 640, 480, 126);
        assertEquals(1440, slot.width());
        assertEquals(1080, slot.height());
        // Turned a quarter: the box is turned for the frame, so that the turned picture fits the screen.
        slot.put(
                filled(640 * 480, 126),
                640,
                filled(640 * 480 / 4, 128),
                320,
                filled(640 * 480 / 4, 128),
                320,
                640,
                480,
                90);
        assertEquals(1080, slot.width(), "drawn 1080 high once turned");
        assertEquals(810, slot.height(), "drawn 810 wide once turned");
        // A small tile with a GPU: made smaller, never larger.
        slot.drawInside(480, 270, false);
        putGrey(slot, 1280, 720, 126);
        assertEquals(480, slot.width());
        assertEquals(270, slot.height());
        putGrey(slot, 320, 180, 126);
        assertEquals(320, slot.width(), "not enlarged");
        slot.drawInside(0, 0, false);
        putGrey(slot, 1280, 720, 126);
        assertEquals(1280, slot.width(), "as it came again");
    }

    static void putGrey(VideoSlot slot, int w, int h, int luma) {
        slot.put(filled(w * h, luma), w, filled(w * h / 4, 128), w / 2, filled(w * h / 4, 128), w / 2, w, h, 0);
    }

    static ByteBuffer filled(int n, int value) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) value);
        }
        return b;
    }

    static void assertClose(int expected, int actual, String what) {
        for (int shift = 0; shift < 32; shift += 8) {
            int e = (expected >>> shift) & 0xff;
            int a = (actual >>> shift) & 0xff;
            if (Math.abs(e - a) > 3) {
                throw new AssertionError(what + ": expected " + Integer.toHexString(expected) + " but was "
                        + Integer.toHexString(actual));
            }
        }
    }
}
