package org.ruralconsult.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ruralconsult.media.rtcp.TransportCcFeedback;

/** The receive side: arrivals become feedback messages the decoder reads back, across wraps and gaps. */
class ArrivalFeedbackTest {
    private static final long MS = 1_000_000L;

    @Test
    void reportsArrivalsLossesAndReorderingAcrossTheSequenceWrap() throws Exception {
        ArrivalFeedback a = new ArrivalFeedback();
        long t0 = 5_000 * MS;
        a.onPacket(65534, 9, t0);
        a.onPacket(0, 9, t0 + 2 * MS); // 65535 lost (so far), reordered 1 after 0... below
        a.onPacket(2, 9, t0 + 3 * MS);
        a.onPacket(1, 9, t0 + 4 * MS);
        a.onPacket(3, 9, t0 + 100 * MS); // large delta (> 63.75 ms)
        assertEquals(5, a.pending());
        byte[] b = new byte[1500];
        int end = a.write(b, 0, 77);
        assertTrue(end > 0);
        assertEquals(0, a.pending());
        TransportCcFeedback fb = new TransportCcFeedback();
        fb.parse(b, 0, end);
        assertEquals(77, fb.senderSsrc());
        assertEquals(9, fb.mediaSsrc());
        assertEquals(65534, fb.baseSequence());
        assertEquals(6, fb.count());
        assertTrue(fb.received(0));
        assertFalse(fb.received(1));
        assertEquals(2000, fb.arrivalMicros(2) - fb.arrivalMicros(0));
        assertEquals(4000, fb.arrivalMicros(3) - fb.arrivalMicros(0), "seq 1, after 2");
        assertEquals(3000, fb.arrivalMicros(4) - fb.arrivalMicros(0));
        assertEquals(100_000, fb.arrivalMicros(5) - fb.arrivalMicros(0));
        assertEquals(TransportCcFeedback.LARGE_DELTA, fb.status(5), "more than 255 ticks after the previous");
        assertEquals(TransportCcFeedback.LARGE_DELTA, fb.status(4), "negative: earlier than seq 1");
        // nothing new: nothing written; the next message continues after the last reported
        assertEquals(0, a.write(b, 0, 77));
        a.onPacket(4, 9, t0 + 120 * MS);
        end = a.write(b, 0, 77);
        fb.parse(b, 0, end);
        assertEquals(4, fb.baseSequence());
        assertEquals(1, fb.count());
        assertEquals(1, fb.feedbackCount());
    }

    @Test
    void manyPendingPacketsSplitIntoSeveralMessages() throws Exception {
        ArrivalFeedback a = new ArrivalFeedback();
        for (int i = 0; i < 600; i++) {
            a.onPacket(i, 1, i * MS / 2);
        }
        byte[] b = new byte[1500];
        TransportCcFeedback fb = new TransportCcFeedback();
        int reported = 0;
        int messages = 0;
        int end;
        while ((end = a.write(b, 0, 1)) > 0) {
            assertTrue(end <= 1200, "fits a datagram: " + end);
            fb.parse(b, 0, end);
            assertEquals(reported, fb.baseSequence());
            reported += fb.count();
            messages++;
        }
        assertEquals(600, reported);
        assertEquals(3, messages);
    }
}
