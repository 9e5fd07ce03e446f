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
