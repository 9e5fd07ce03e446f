package org.ruralconsult.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class FrameSizeTest {

    /** RFC 7741 descriptor (X, I 15-bit, L, T/K) then a VP8 key frame header (RFC 6386 §9.1). */
    private static byte[] vp8KeyFrame(int width, int height, boolean key) {
        return new byte[] {
            (byte) 0x90,
            (byte) 0xE0,
            (byte) 0x81,
            0x23,
            0x05,
            0x00, // descriptor
            (byte) (key ? 0x50 : 0x51),
            0x2b,
            0x00, // frame tag: show_frame, version 0, P bit
            (byte) 0x9d,
            0x01,
            0x2a, // start code
            (byte) width,
            (byte) (width >> 8),
            (byte) height,
            (byte) (height >> 8),
            0x00,
            0x00
        };
    }

    @Test
    void vp8KeyFrameTellsItsSize() {
        int size = FrameSize.vp8(vp8KeyFrame(1280, 720, true), 0, 18);
        assertEquals(1280, FrameSize.width(size));
        assertEquals(720, FrameSize.height(size));
        byte[] scaled = vp8KeyFrame(320, 180, true);
        scaled[13] |= 0x40; // horizontal scale bits are not part of the size
        size = FrameSize.vp8(scaled, 0, scaled.length);
        assertEquals(320, FrameSize.width(size));
        assertEquals(180, FrameSize.height(size));
        assertEquals(-1, FrameSize.vp8(vp8KeyFrame(640, 360, false), 0, 18), "interframe");
        assertEquals(-1, FrameSize.vp8(vp8KeyFrame(640, 360, true), 0, 12), "cut short");
        byte[] noStart = vp8KeyFrame(640, 360, true);
        noStart[0] = (byte) 0x80;
        assertEquals(-1, FrameSize.vp8(noStart, 0, noStart.length), "not the first packet of the frame");
    }

    /** Writes H.264 SPS fields MSB first (ITU-T H.264 §7.2), then adds emulation prevention bytes. */
    private static final class SpsWriter {
        private final StringBuilder bits = new StringBuilder();

        SpsWriter u(int n, int v) {
            for (int i = n - 1; i >= 0; i--) {
                bits.append((v >> i) & 1);
            }
            return this;
        }

        SpsWriter ue(int v) {
            String b = Integer.toBinaryString(v + 1);
            bits.append("0".repeat(b.length() - 1)).append(b);
            return this;
        }

        SpsWriter se(int v) {
            return ue(v <= 0 ? -2 * v : 2 * v - 1);
        }

        byte[] nal() {
            bits.append('1'); // rbsp_stop_one_bit
            while (bits.length() % 8 != 0) {
                bits.append('0');
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x67); // nal_ref_idc 3, type 7
            int zeros = 0;
            for (int i = 0; i < bits.length(); i += 8) {
                int v = Integer.parseInt(bits.substring(i, i + 8), 2);
                if (zeros >= 2 && v <= 3) {
                    out.write(3); // §7.4.1 emulation_prevention_three_byte
                    zeros = 0;
                }
                out.write(v);
                zeros = v == 0 ? zeros + 1 : 0;
            }
            return out.toByteArray();
        }
    }

    /** Constrained baseline 1280×720 (80×45 macroblocks), as libwebrtc's OpenH264 sends it. */
    private static byte[] baseline720() {
        return new SpsWriter()
                .u(8, 66)
                .u(8, 0xc0)
                .u(8, 31) // profile 66, constraint set 0+1, level 3.1
                .ue(0) // sps id
                .ue(0) // log2_max_frame_num_minus4
                .ue(2) // pic_order_cnt_type 2
                .ue(1) // max_num_ref_frames
                .u(1, 0)
                .ue(79) // pic_width_in_mbs_minus1
                .ue(44) // pic_height_in_map_units_minus1
                .u(1, 1) // frame_mbs_only
                .u(1, 1) // direct_8x8_inference
                .u(1, 0) // no cropping
                .u(1, 0) // no VUI
                .nal();
    }

    @Test
    void h264SpsSizeInSingleNalUnitStapAAndFuA() {
        FrameSize f = new FrameSize();
        byte[] sps = baseline720();
        int size = f.h264(sps, 0, sps.length);
        assertEquals(1280, FrameSize.width(size));
        assertEquals(720, FrameSize.height(size));

        byte[] pps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
        byte[] stap = new byte[1 + 2 + sps.length + 2 + pps.length];
        stap[0] = 0x78; // STAP-A
        RtpHeader.writeShort(stap, 1, sps.length);
        System.arraycopy(sps, 0, stap, 3, sps.length);
        RtpHeader.writeShort(stap, 3 + sps.length, pps.length);
        System.arraycopy(pps, 0, stap, 5 + sps.length, pps.length);
        assertEquals(size, f.h264(stap, 0, stap.length));

        byte[] fu = new byte[sps.length + 1];
        fu[0] = 0x7c; // FU-A
        fu[1] = (byte) 0x87; // start, type 7
        System.arraycopy(sps, 1, fu, 2, sps.length - 1);
        assertEquals(size, f.h264(fu, 0, fu.length));

        assertEquals(-1, f.h264(pps, 0, pps.length), "a PPS has no size");
        assertEquals(-1, f.h264(sps, 0, 5), "cut short");
    }

    @Test
    void h264HighProfileWithScalingListsFieldCodingAndCropping() {
        FrameSize f = new FrameSize();
        // High profile 1920×1080: 120×68 macroblocks (1088 lines), cropped by 4 chroma rows (8 lines)
        byte[] sps = new SpsWriter()
                .u(8, 100)
                .u(8, 0)
                .u(8, 40)
                .ue(0)
                .ue(1) // chroma_format_idc 4:2:0
                .ue(0)
                .ue(0)
                .u(1, 0)
                .u(1, 1) // seq_scaling_matrix_present
                .u(1, 1)
                .se(1)
                .se(-9) // list 0 present: 9, then a delta to 0 ends it
                .u(1, 0)
                .u(1, 0)
                .u(1, 0)
                .u(1, 0)
                .u(1, 0)
                .u(1, 0)
                .u(1, 0)
                .ue(0)
                .ue(1) // pic_order_cnt_type 1
                .u(1, 0)
                .se(-1)
                .se(2)
                .ue(2)
                .se(1)
                .se(-1)
                .ue(4)
                .u(1, 0)
                .ue(119)
                .ue(67)
                .u(1, 1)
                .u(1, 1)
                .u(1, 1)
                .ue(0)
                .ue(0)
                .ue(0)
                .ue(4) // crop bottom 4
                .u(1, 0)
                .nal();
        int size = f.h264(sps, 0, sps.length);
        assertEquals(1920, FrameSize.width(size));
        assertEquals(1080, FrameSize.height(size));

        // interlaced (frame_mbs_only 0): map units are field pairs, 45 of them = 720 lines
        byte[] fields = new SpsWriter()
                .u(8, 77)
                .u(8, 0)
                .u(8, 30)
                .ue(0)
                .ue(0)
                .ue(0)
                .ue(0)
                .ue(1)
                .u(1, 0)
                .ue(43) // 704
                .ue(17) // 18 map units × 2 × 16 = 576
                .u(1, 0)
                .u(1, 0) // frame_mbs_only 0, mb_adaptive 0
                .u(1, 1)
                .u(1, 0)
                .u(1, 0)
                .nal();
        size = f.h264(fields, 0, fields.length);
        assertEquals(704, FrameSize.width(size));
        assertEquals(576, FrameSize.height(size));
    }

    @Test
    void emulationPreventionBytesAreSkipped() {
        FrameSize f = new FrameSize();
        // large picture order offsets are long runs of zero bits: the SPS then carries 00 00 03
        byte[] sps = new SpsWriter()
                .u(8, 66)
                .u(8, 0xc0)
                .u(8, 13)
                .ue(0)
                .ue(0)
                .ue(1)
                .u(1, 0)
                .se(65536)
                .se(65536)
                .ue(0) // pic_order_cnt_type 1, no cycle
                .ue(1)
                .u(1, 0)
                .ue(19) // 320
                .ue(14) // 240
                .u(1, 1)
                .u(1, 1)
                .u(1, 0)
                .u(1, 0)
                .nal();
        boolean hasEscape = false;
        for (int i = 2; i < sps.length; i++) {
            hasEscape |= sps[i] == 3 && sps[i - 1] == 0 && sps[i - 2] == 0;
        }
        assertEquals(true, hasEscape, "the test SPS needs an emulation prevention byte");
        int size = f.h264(sps, 0, sps.length);
        assertEquals(320, FrameSize.width(size));
        assertEquals(240, FrameSize.height(size));
    }
}
