package org.ruralconsult.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruralconsult.media.rtp.RtpHeader;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 * what the writer encodes the decoder reads back, in every chunk kind, and malformed messages are refused.
 */
class TransportCcCodecTest {
    private static final int NR = TransportCcFeedback.NOT_RECEIVED;
    private static final int SMALL = TransportCcFeedback.SMALL_DELTA;
    private static final int LARGE = TransportCcFeedback.LARGE_DELTA;

    private static byte[] statuses(int... s) {
        byte[] b = new byte[s.length];
        for (int i = 0; i < s.length; i++) {
            b[i] = (byte) s[i];
        }
        return b;
    }

    private static TransportCcFeedback roundTrip(int base, int ref, byte[] status, int[] deltas, int expectChunks)
            throws RtcpException {
        byte[] b = new byte[TransportCcWriter.maxLength(status.length)];
        int end = TransportCcWriter.write(b, 0, 11, 22, base, status.length, ref, 7, status, deltas);
        assertEquals(0, end % 4, "padded to 32 bits");
        assertEquals(end / 4 - 1, RtpHeader.readShort(b, 2), "length field");
        assertEquals(0x8F, b[0] & 0xff);
        assertEquals(205, b[1] & 0xff);
        if (expectChunks >= 0) {
            int deltaBytes = 0;
            for (byte s : status) {
                deltaBytes += s;
            }
            int unpadded = 20 + 2 * expectChunks + deltaBytes;
            assertEquals((unpadded + 3) / 4 * 4, end, "chunks chosen");
        }
        List<String> seen = new ArrayList<>();
        RtcpDecoder.decode(b, 0, end, new RtcpHandler() {
            @Override
            public void onTransportCc(int senderSsrc, byte[] buf, int off, int len) {
                seen.add(senderSsrc + " " + off + " " + len);
            }
        });
        assertEquals(List.of("11 0 " + end), seen);
        TransportCcFeedback fb = new TransportCcFeedback();
        fb.parse(b, 0, end);
        assertEquals(11, fb.senderSsrc());
        assertEquals(22, fb.mediaSsrc());
        assertEquals(status.length, fb.count());
        assertEquals(ref, fb.referenceTime());
        assertEquals(7, fb.feedbackCount());
        long t = ref * 64_000L;
        for (int i = 0; i < status.length; i++) {
            assertEquals(status[i], fb.status(i), "status " + i);
            assertEquals((base + i) & 0xffff, fb.sequence(i));
            if (status[i] != NR) {
                t += deltas[i] * 250L;
                assertEquals(t, fb.arrivalMicros(i), "arrival " + i);
            } else {
                assertFalse(fb.received(i));
            }
        }
        return fb;
    }

    @Test
    void runLengthOfReceivedPacketsWithSmallDeltas() throws Exception {
        int n = 20;
        byte[] s = new byte[n];
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = SMALL;
            d[i] = i * 12 % 256;
        }
        roundTrip(1000, 5, s, d, 1);
    }

    @Test
    void oneBitVectorForMixedReceivedAndLost() throws Exception {
        byte[] s = statuses(SMALL, NR, SMALL, SMALL, NR, NR, SMALL, NR, SMALL, SMALL, SMALL, NR, SMALL, SMALL);
        int[] d = new int[s.length];
        java.util.Arrays.fill(d, 4);
        roundTrip(1, 100, s, d, 1);
    }

    @Test
    void twoBitVectorForLargeAndNegativeDeltas() throws Exception {
        byte[] s = statuses(SMALL, LARGE, NR, LARGE, SMALL, SMALL, LARGE);
        int[] d = {3, 1000, 0, -40, 255, 0, -32768};
        roundTrip(65530, -3, s, d, 1);
    }

    @Test
    void splitAndMergedChunkKindsInOneMessage() throws Exception {
        // 10 lost (run), 14 mixed small/lost (1-bit), 7 with a large (2-bit), 30 small (run), 3 trailing mixed
        List<Integer> st = new ArrayList<>();
        for (int i = 0; i < 10; i++) st.add(NR);
        for (int i = 0; i < 14; i++) st.add(i % 3 == 0 ? NR : SMALL);
        for (int i = 0; i < 7; i++) st.add(i == 3 ? LARGE : SMALL);
        for (int i = 0; i < 30; i++) st.add(SMALL);
        st.add(SMALL);
        st.add(LARGE);
        st.add(SMALL);
        byte[] s = new byte[st.size()];
        int[] d = new int[st.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (int) st.get(i);
            d[i] = s[i] == LARGE ? -500 + i : i;
        }
        roundTrip(12345, 8_000_000, s, d, 1 + 1 + 1 + 1 + 1);
    }

    @Test
    void sequenceNumbersWrapAt16Bits() throws Exception {
        byte[] s = statuses(SMALL, SMALL, NR, SMALL, SMALL, SMALL, SMALL, SMALL, SMALL, SMALL);
        int[] d = new int[s.length];
        TransportCcFeedback fb = roundTrip(65533, 0, s, d, -1);
        assertEquals(65535, fb.sequence(2));
        assertEquals(0, fb.sequence(3));
        assertEquals(6, fb.sequence(9));
    }

    @Test
    void longRunsOf8191PacketsAndMore() throws Exception {
        byte[] lost = new byte[8191];
        roundTrip(40000, 0, lost, new int[lost.length], 1);
        byte[] received = new byte[TransportCcFeedback.MAX_PACKETS];
        java.util.Arrays.fill(received, (byte) SMALL);
        int[] d = new int[received.length];
        java.util.Arrays.fill(d, 1);
        TransportCcFeedback fb = roundTrip(65000, 2, received, d, 2); // 8191 + 1: two run-length chunks
        assertEquals(2 * 64_000L + 8192 * 250L, fb.arrivalMicros(8191));
    }

    @Test
    void negativeReferenceTimeAndDeltasGiveEarlierArrivals() throws Exception {
        byte[] s = statuses(LARGE, LARGE, SMALL);
        int[] d = {-4, -8, 2};
        TransportCcFeedback fb = roundTrip(7, -1, s, d, 1);
        assertTrue(fb.arrivalMicros(1) < fb.arrivalMicros(0));
        assertEquals(-64_000L - 3000L + 500L, fb.arrivalMicros(2));
    }

    @Test
    void malformedMessagesAreRefused() {
        byte[] s = statuses(SMALL, SMALL, LARGE);
        byte[] b = new byte[64];
        int end = TransportCcWriter.write(b, 0, 1, 2, 0, 3, 0, 0, s, new int[] {1, 2, 300});
        // deltas cut off: the length says less than the statuses need
        byte[] shortDeltas = java.util.Arrays.copyOf(b, end);
        RtpHeader.writeShort(shortDeltas, 2, 5); // 24 bytes: header + one chunk, no room for 4 delta bytes
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(shortDeltas, 0, 24, new RtcpHandler() {}));
        // zero packet status count
        byte[] zero = b.clone();
        RtpHeader.writeShort(zero, 14, 0);
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(zero, 0, end, new RtcpHandler() {}));
        // reserved two-bit symbol 11
        byte[] reserved = b.clone();
        RtpHeader.writeShort(reserved, 20, 0xC000 | (3 << 12));
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(reserved, 0, end, new RtcpHandler() {}));
        // run-length chunk of status 3
        byte[] run = b.clone();
        RtpHeader.writeShort(run, 20, (3 << 13) | 3);
        assertThrows(RtcpException.class, () -> TransportCcFeedback.check(run, 0, end));
        // more packets than chunks present
        byte[] many = b.clone();
        RtpHeader.writeShort(many, 14, 2000);
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(many, 0, end, new RtcpHandler() {}));
        // more than the relay tracks
        byte[] huge = new byte[64];
        huge[0] = (byte) 0x8F;
        huge[1] = (byte) 205;
        RtpHeader.writeShort(huge, 2, 15);
        RtpHeader.writeShort(huge, 14, 9000);
        RtpHeader.writeShort(huge, 20, 0x1fff); // not-received run of 8191
        RtpHeader.writeShort(huge, 22, 809);
        assertThrows(RtcpException.class, () -> TransportCcFeedback.check(huge, 0, 64));
        // shorter than the fixed part
        byte[] tiny = new byte[16];
        tiny[0] = (byte) 0x8F;
        tiny[1] = (byte) 205;
        RtpHeader.writeShort(tiny, 2, 3);
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(tiny, 0, 16, new RtcpHandler() {}));
    }
}
