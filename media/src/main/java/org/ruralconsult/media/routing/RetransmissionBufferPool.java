package org.ruralconsult.media.routing;

import java.util.ArrayDeque;

/**
 * One worker's idle retransmission buffers, handed from ended video streams to new ones. A buffer is
 * 512 slots of up to 1,500 bytes (≈ 770 KB once filled) that live as long as the stream: without reuse
 * every call's set-up copies them through the young generation and every call's end leaves them to the
 * old generation's mixed collections, whose pauses every call on the worker feels. With reuse the
 * long-lived part of the heap stays put.
 *
 * <p>Worker thread only, like everything a router touches. Keeps at most {@link #MAX_IDLE} idle buffers,
 * never more than the worker once used at the same time.
 */
public final class RetransmissionBufferPool {
    /** Idle buffers kept per worker: about 200 MB at most, the video streams of 85 three-way calls. */
    static final int MAX_IDLE = 256;

    private final ArrayDeque<RetransmissionBuffer> idle = new ArrayDeque<>();

    /** A buffer with no packet in it: a reused one, or a new one. */
    RetransmissionBuffer take() {
        RetransmissionBuffer b = idle.pollFirst();
        return b != null ? b : new RetransmissionBuffer();
    }

    /**
     * Takes back the buffer of an ended stream. It is emptied here: a NACK of a later call must never be
     * answered with a packet of this one.
     */
    void give(RetransmissionBuffer b) {
        if (idle.size() < MAX_IDLE) {
            b.clear();
            idle.addFirst(b);
        }
    }

    int idleCount() {
        return idle.size();
    }
}
