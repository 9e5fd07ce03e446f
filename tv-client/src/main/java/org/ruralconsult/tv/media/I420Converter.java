package org.ruralconsult.tv.media;

import java.nio.ByteBuffer;

/**
 * I420 (YUV 4:2:0, BT.601 limited range, as libwebrtc's decoders produce) to packed 32-bit ARGB in plain
 * Java: one {@code int} per pixel, alpha in the top byte. Alpha is always opaque, so the result is also
 * valid premultiplied ARGB (JavaFX's {@code PixelFormat.getIntArgbPreInstance()}) and, read as bytes on a
 * little-endian machine, BGRA.
 *
 * <p>No allocation per frame or per pixel: the caller owns the output array and a converter owns three
 * row buffers, reused until a wider frame comes. Not thread-safe: one converter per decoding thread.
 */
public final class I420Converter {
    private byte[] rowY = new byte[0];
    private byte[] rowU = new byte[0];
    private byte[] rowV = new byte[0];

    /**
     * Converts a {@code width}×{@code height} frame into {@code out[0 .. width*height)}, row after row.
     * Odd sizes are fine (the last chroma sample covers the last column and row).
     */
    public void convert(
            ByteBuffer y,
            int strideY,
            ByteBuffer u,
            int strideU,
            ByteBuffer v,
            int strideV,
            int width,
            int height,
            int[] out) {
        if (out.length < width * height) {
            throw new IllegalArgumentException("out holds " + out.length + " pixels, the frame " + width * height);
        }
        int chromaWidth = (width + 1) / 2;
        if (rowY.length < width) {
            rowY = new byte[width];
        }
        if (rowU.length < chromaWidth) {
            rowU = new byte[chromaWidth];
            rowV = new byte[chromaWidth];
        }
        byte[] ry = rowY;
        byte[] ru = rowU;
        byte[] rv = rowV;
        for (int row = 0; row < height; row++) {
            y.get(row * strideY, ry, 0, width);
            if ((row & 1) == 0) {
                int chromaRow = row >> 1;
                u.get(chromaRow * strideU, ru, 0, chromaWidth);
                v.get(chromaRow * strideV, rv, 0, chromaWidth);
            }
            int o = row * width;
            for (int cx = 0, x = 0; cx < chromaWidth; cx++, x += 2) {
                int d = (ru[cx] & 0xff) - 128;
                int e = (rv[cx] & 0xff) - 128;
                int rAdd = 409 * e + 128;
                int gAdd = -100 * d - 208 * e + 128;
                int bAdd = 516 * d + 128;
                int c = 298 * ((ry[x] & 0xff) - 16);
                out[o + x] = pixel(c + rAdd, c + gAdd, c + bAdd);
                if (x + 1 < width) {
                    c = 298 * ((ry[x + 1] & 0xff) - 16);
                    out[o + x + 1] = pixel(c + rAdd, c + gAdd, c + bAdd);
                }
            }
        }
    }

    /** Each argument is a colour channel times 256; clamps to 0–255 and packs opaque ARGB. */
    private static int pixel(int r, int g, int b) {
        return 0xff000000 | (clamp(r >> 8) << 16) | (clamp(g >> 8) << 8) | clamp(b >> 8);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
