package org.ruralconsult.tv.media;

import java.nio.ByteBuffer;

/**
 * I420 (YUV 4:2:0, BT.601 limited range, as libwebrtc's decoders produce) to packed 32-bit ARGB in plain
 * Java: one {@code int} per pixel, alpha in the top byte. Alpha is always opaque, so the result is also
 * valid premultiplied ARGB (JavaFX's {@code PixelFormat.getIntArgbPreInstance()}) and, read as bytes on a
 * little-endian machine, BGRA.
 *
 * <p>{@link #convertScaled} converts and scales in one pass, nearest neighbour, so that a renderer
 * without a GPU can draw the picture unscaled (scaling it afterwards costs far more than converting at
 * the size it is drawn).
 *
 * <p>No allocation per frame or per pixel: the caller owns the output array and a converter owns its
 * row buffers, reused until a wider frame comes. Not thread-safe: one converter per decoding thread.
 */
public final class I420Converter {
    private byte[] rowY = new byte[0];
    private byte[] rowU = new byte[0];
    private byte[] rowV = new byte[0];
    private int[] columns = new int[0]; // source column of each output column (scaled conversion)
    private int columnsWidth; // the widths columns was made for
    private int columnsOutWidth;
    private int[] argbRow = new int[0]; // one converted source row (scaled conversion, larger)

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
        growRows(width, chromaWidth);
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
            convertRow(ry, ru, rv, width, out, row * width);
        }
    }

    /** One row: {@code width} luma samples and their chroma (one sample per two pixels) into {@code out[o..]}. */
    private static void convertRow(byte[] ry, byte[] ru, byte[] rv, int width, int[] out, int o) {
        int chromaWidth = (width + 1) / 2;
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

    /**
     * Converts a {@code width}×{@code height} frame into {@code out[0 .. outWidth*outHeight)} at {@code
     * outWidth}×{@code outHeight}, row after row, each output pixel taking the source pixel under its
     * centre (nearest neighbour, larger or smaller). Each source pixel drawn is converted once per output
     * row, and an output row that falls on the same source row as the one before is copied whole.
     */
    public void convertScaled(
            ByteBuffer y,
            int strideY,
            ByteBuffer u,
            int strideU,
            ByteBuffer v,
            int strideV,
            int width,
            int height,
            int[] out,
            int outWidth,
            int outHeight) {
        if (outWidth == width && outHeight == height) {
            convert(y, strideY, u, strideU, v, strideV, width, height, out);
            return;
        }
        if (outWidth <= 0 || outHeight <= 0 || out.length < outWidth * outHeight) {
            throw new IllegalArgumentException(
                    "out holds " + out.length + " pixels, asked for " + outWidth + "x" + outHeight);
        }
        int chromaWidth = (width + 1) / 2;
        growRows(width, chromaWidth);
        if (outWidth >= width && argbRow.length < width) {
            argbRow = new int[width];
        }
        int[] cols = columns(width, outWidth);
        byte[] ry = rowY;
        byte[] ru = rowU;
        byte[] rv = rowV;
        int lastRow = -1;
        int lastChromaRow = -1;
        for (int oy = 0; oy < outHeight; oy++) {
            int o = oy * outWidth;
            int row = centre(oy, height, outHeight);
            if (row == lastRow) {
                System.arraycopy(out, o - outWidth, out, o, outWidth);
                continue;
            }
            lastRow = row;
            y.get(row * strideY, ry, 0, width);
            int chromaRow = row >> 1;
            if (chromaRow != lastChromaRow) {
                lastChromaRow = chromaRow;
                u.get(chromaRow * strideU, ru, 0, chromaWidth);
                v.get(chromaRow * strideV, rv, 0, chromaWidth);
            }
            if (outWidth >= width) {
                // Larger (or as wide): convert the source row once, then each output pixel copies its source.
                convertRow(ry, ru, rv, width, argbRow, 0);
                int[] src = argbRow;
                for (int x = 0; x < outWidth; x++) {
                    out[o + x] = src[cols[x]];
                }
            } else {
                // Smaller: convert only the source pixels that are drawn.
                for (int x = 0; x < outWidth; x++) {
                    int sx = cols[x];
                    int d = (ru[sx >> 1] & 0xff) - 128;
                    int e = (rv[sx >> 1] & 0xff) - 128;
                    int c = 298 * ((ry[sx] & 0xff) - 16);
                    out[o + x] = pixel(c + 409 * e + 128, c - 100 * d - 208 * e + 128, c + 516 * d + 128);
                }
            }
        }
    }

    /** The row buffers, grown (never shrunk) to a frame this wide. */
    private void growRows(int width, int chromaWidth) {
        if (rowY.length < width) {
            rowY = new byte[width];
        }
        if (rowU.length < chromaWidth) {
            rowU = new byte[chromaWidth];
            rowV = new byte[chromaWidth];
        }
    }

    /** The source column of each output column; made again only when the widths change, not every frame. */
    private int[] columns(int width, int outWidth) {
        if (width != columnsWidth || outWidth != columnsOutWidth) {
            if (columns.length < outWidth) {
                columns = new int[outWidth];
            }
            for (int x = 0; x < outWidth; x++) {
                columns[x] = centre(x, width, outWidth);
            }
            columnsWidth = width;
            columnsOutWidth = outWidth;
        }
        return columns;
    }

    /** The source index under the centre of output index {@code i} of {@code outSize}, in {@code size}. */
    private static int centre(int i, int size, int outSize) {
        return (int) (((2L * i + 1) * size) / (2L * outSize));
    }

    /** Each argument is a colour channel times 256; clamps to 0–255 and packs opaque ARGB. */
    private static int pixel(int r, int g, int b) {
        return 0xff000000 | (clamp(r >> 8) << 16) | (clamp(g >> 8) << 8) | clamp(b >> 8);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
