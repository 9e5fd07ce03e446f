package org.ruralconsult.media.rtp;

/**
 * The picture size a key frame carries: VP8's key frame header, H.264's sequence parameter set.
 * Results are packed as {@code width << 16 | height}, or -1 when the packet does not carry them.
 * Holds the bit reader's state, so one per thread; no allocation.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6386#section-9.1">RFC 6386 §9.1 VP8 frame header</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184#section-5.6">RFC 6184 §5.6–5.8 H.264 NAL units in RTP</a>
 */
public final class FrameSize {
    private byte[] buf;
    private int pos;
    private int end;
    private int bit;
    private int zeros;
    private int current;

    public static int width(int packed) {
        return packed >>> 16;
    }

    public static int height(int packed) {
        return packed & 0xffff;
    }

    /** The size in the first packet of a VP8 key frame (RTP payload at {@code off}), else -1. */
    public static int vp8(byte[] b, int off, int len) {
        if (len < 1 || (b[off] & 0x10) == 0 || (b[off] & 0x07) != 0) {
            return -1; // not the start of partition 0
        }
        int p = off + 1;
        int end = off + len;
        if ((b[off] & 0x80) != 0) {
            if (p >= end) {
                return -1;
            }
            int ext = b[p++] & 0xff;
            if ((ext & 0x80) != 0) {
                if (p >= end) {
                    return -1;
                }
                p += (b[p] & 0x80) != 0 ? 2 : 1;
            }
            if ((ext & 0x40) != 0) {
                p++;
            }
            if ((ext & 0x30) != 0) {
                p++;
            }
        }
        // §9.1: 3-byte frame tag (bit 0 of the first: 0 = key frame), start code 9d 01 2a,
        // then 16-bit little-endian width and height, each 14 bits of size and 2 of scaling
        if (p + 10 > end || (b[p] & 0x01) != 0) {
            return -1;
        }
        if ((b[p + 3] & 0xff) != 0x9d || (b[p + 4] & 0xff) != 0x01 || (b[p + 5] & 0xff) != 0x2a) {
            return -1;
        }
        int width = ((b[p + 6] & 0xff) | ((b[p + 7] & 0xff) << 8)) & 0x3fff;
        int height = ((b[p + 8] & 0xff) | ((b[p + 9] & 0xff) << 8)) & 0x3fff;
        return (width << 16) | height;
    }

    /** The size from an SPS in this H.264 RTP payload (single NAL unit, STAP-A, or FU-A start), else -1. */
    public int h264(byte[] b, int off, int len) {
        if (len < 2) {
            return -1;
        }
        int type = b[off] & 0x1f;
        if (type == 7) {
            return sps(b, off + 1, off + len);
        }
        if (type == 24) { // STAP-A: 16-bit size before each NAL unit
            int p = off + 1;
            while (p + 2 < off + len) {
                int size = RtpHeader.readShort(b, p);
                if (size < 1 || p + 2 + size > off + len) {
                    return -1;
                }
                if ((b[p + 2] & 0x1f) == 7) {
                    return sps(b, p + 3, p + 2 + size);
                }
                p += 2 + size;
            }
            return -1;
        }
        if (type == 28 && (b[off + 1] & 0x80) != 0 && (b[off + 1] & 0x1f) == 7) {
            return sps(b, off + 2, off + len); // FU-A start of an SPS: its beginning suffices
        }
        return -1;
    }

    /** ITU-T H.264 §7.3.2.1.1 seq_parameter_set_data, up to the cropping window. */
    private int sps(byte[] b, int from, int to) {
        buf = b;
        pos = from;
        end = to;
        bit = 8;
        zeros = 0;
        try {
            int profile = bits(8);
            bits(16); // constraint flags, level_idc
            ue(); // seq_parameter_set_id
            int chroma = 1;
            if (profile == 100
                    || profile == 110
                    || profile == 122
                    || profile == 244
                    || profile == 44
                    || profile == 83
                    || profile == 86
                    || profile == 118
                    || profile == 128
                    || profile == 138
                    || profile == 139
                    || profile == 134
                    || profile == 135) {
                chroma = ue();
                if (chroma == 3) {
                    bits(1); // separate_colour_plane_flag
                }
                ue(); // bit_depth_luma_minus8
                ue(); // bit_depth_chroma_minus8
                bits(1); // qpprime_y_zero_transform_bypass_flag
                if (bits(1) == 1) { // seq_scaling_matrix_present_flag
                    for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                        if (bits(1) == 1) {
                            skipScalingList(i < 6 ? 16 : 64);
                        }
                    }
                }
            }
            ue(); // log2_max_frame_num_minus4
            int pocType = ue();
            if (pocType == 0) {
                ue(); // log2_max_pic_order_cnt_lsb_minus4
            } else if (pocType == 1) {
                bits(1); // delta_pic_order_always_zero_flag
                se(); // offset_for_non_ref_pic
                se(); // offset_for_top_to_bottom_field
                int cycle = ue();
                for (int i = 0; i < cycle; i++) {
                    se();
                }
            }
            ue(); // max_num_ref_frames
            bits(1); // gaps_in_frame_num_value_allowed_flag
            int widthMbs = ue() + 1;
            int heightMapUnits = ue() + 1;
            int frameMbsOnly = bits(1);
            if (frameMbsOnly == 0) {
                bits(1); // mb_adaptive_frame_field_flag
            }
            bits(1); // direct_8x8_inference_flag
            int width = widthMbs * 16;
            int height = (2 - frameMbsOnly) * heightMapUnits * 16;
            if (bits(1) == 1) { // frame_cropping_flag, in chroma sample units (§7.4.2.1.1)
                int left = ue();
                int right = ue();
                int top = ue();
                int bottom = ue();
                int cropX = chroma == 1 || chroma == 2 ? 2 : 1;
                int cropY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
                if (chroma == 0) {
                    cropY = 2 - frameMbsOnly;
                }
                width -= cropX * (left + right);
                height -= cropY * (top + bottom);
            }
            if (width <= 0 || height <= 0 || width > 0xffff || height > 0xffff) {
                return -1;
            }
            return (width << 16) | height;
        } catch (IndexOutOfBoundsException cutShort) {
            return -1;
        } finally {
            buf = null;
        }
    }

    private void skipScalingList(int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** ue(v), §9.1 Exp-Golomb. */
    private int ue() {
        int leading = 0;
        while (bits(1) == 0) {
            if (++leading > 31) {
                throw new IndexOutOfBoundsException("exp-Golomb code too long");
            }
        }
        return leading == 0 ? 0 : (int) ((1L << leading) - 1 + bitsLong(leading));
    }

    private int se() {
        int k = ue();
        return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
    }

    private long bitsLong(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bits(1);
        }
        return v;
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (bit == 8) {
                nextByte();
            }
            v = (v << 1) | ((current >> (7 - bit)) & 1);
            bit++;
        }
        return v;
    }

    /** Reads the next byte of the RBSP, skipping emulation prevention bytes (00 00 03, §7.4.1). */
    private void nextByte() {
        if (pos >= end) {
            throw new IndexOutOfBoundsException("SPS cut short");
        }
        int v = buf[pos++] & 0xff;
        if (zeros >= 2 && v == 3) {
            zeros = 0;
            if (pos >= end) {
                throw new IndexOutOfBoundsException("SPS cut short");
            }
            v = buf[pos++] & 0xff;
        }
        zeros = v == 0 ? zeros + 1 : 0;
        current = v;
        bit = 0;
    }
}
