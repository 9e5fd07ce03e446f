package org.ruralconsult.media.bwe;

import static org.ruralconsult.media.rtcp.TransportCcFeedback.DELTA_TICK_MICROS;
import static org.ruralconsult.media.rtcp.TransportCcFeedback.LARGE_DELTA;
import static org.ruralconsult.media.rtcp.TransportCcFeedback.NOT_RECEIVED;
import static org.ruralconsult.media.rtcp.TransportCcFeedback.REFERENCE_TICK_MICROS;
import static org.ruralconsult.media.rtcp.TransportCcFeedback.SMALL_DELTA;

import org.ruralconsult.media.rtcp.TransportCcWriter;

/**
 * The receive side of transport-wide congestion control for one transport (a publisher's): the arrival
 * time of every packet that carried a transport sequence number, written out as feedback messages so the
 * sender runs its own estimator. Packets are reported once, in sequence order; a packet arriving after its
 * sequence number was reported as lost stays lost (the sender's loss estimate tolerates it). Allocation-free.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3">
 *     draft-holmer-rmcat-transport-wide-cc-extensions-01 §3</a>
 */
public final class ArrivalFeedback {
    /** Packets per message: keeps one message well inside a datagram (at most ~20 + 4 × 250 bytes). */
    public static final int MAX_PER_MESSAGE = 250;

    private static final int RING = 8192;
    private final long[] arrivalMicros = new long[RING];
    private final long[] sequenceAt = new long[RING];
    private final byte[] status = new byte[MAX_PER_MESSAGE];
    private final int[] deltas = new int[MAX_PER_MESSAGE];
    private long highest = -1;
    private long nextToReport = -1;
    private int pending;
    private int feedbackCount;
    private int mediaSsrc;

    /** A packet with transport sequence number {@code seq} (16 bits) arrived at {@code nowNanos}. */
    public void onPacket(int seq, int ssrc, long nowNanos) {
        long ext;
        if (highest < 0) {
            ext = seq + 0x10000L; // room below for a reordered first packet
            nextToReport = ext;
        } else {
            int diff = (short) (seq - (int) (highest & 0xffff));
            ext = highest + diff;
        }
        if (ext < nextToReport || ext < 0) {
            return; // already reported (late or duplicate)
        }
        if (ext - nextToReport >= RING) {
            nextToReport = ext - RING + 1; // a gap longer than the ring: the oldest are given up
        }
        int slot = (int) (ext & (RING - 1));
        if (receivedAt(ext)) {
            return; // duplicate
        }
        sequenceAt[slot] = ext + 1; // +1 so the zeroed array means "nothing"
        arrivalMicros[slot] = nowNanos / 1000;
        if (ext > highest) {
            highest = ext;
        }
        mediaSsrc = ssrc;
        pending++;
    }

    /** Packets received since the last message. */
    public int pending() {
        return pending;
    }

    /**
     * Writes one feedback message for the oldest unreported packets (at most {@link #MAX_PER_MESSAGE}, and
     * stopping before a delta too large to encode) into {@code b} at {@code p}; returns the offset after it,
     * or {@code p} when there is nothing to report. Call again while {@link #pending()} is non-zero.
     */
    public int write(byte[] b, int p, int senderSsrc) {
        if (pending == 0 || nextToReport > highest) {
            pending = 0;
            return p;
        }
        // the first reported packet is always a received one: skip older holes that were never filled
        while (nextToReport <= highest && !receivedAt(nextToReport)) {
            nextToReport++;
        }
        long base = nextToReport;
        long reference = arrivalMicros[slot(base)] / REFERENCE_TICK_MICROS;
        long previous = reference * REFERENCE_TICK_MICROS;
        int n = 0;
        int reported = 0;
        for (long s = base; s <= highest && n < MAX_PER_MESSAGE; s++) {
            if (!receivedAt(s)) {
                status[n] = (byte) NOT_RECEIVED;
                n++;
                continue;
            }
            long ticks = (arrivalMicros[slot(s)] - previous) / DELTA_TICK_MICROS;
            if (ticks < Short.MIN_VALUE || ticks > Short.MAX_VALUE) {
                break; // a gap of more than 8 s: the next message starts here with its own reference time
            }
            status[n] = (byte) (ticks >= 0 && ticks <= 255 ? SMALL_DELTA : LARGE_DELTA);
            deltas[n] = (int) ticks;
            previous += ticks * DELTA_TICK_MICROS;
            n++;
            reported++;
        }
        while (n > 0 && status[n - 1] == NOT_RECEIVED) {
            n--; // never end on a loss: those may still arrive
        }
        int end = TransportCcWriter.write(
                b,
                p,
                senderSsrc,
                mediaSsrc,
                (int) (base & 0xffff),
                n,
                (int) (reference & 0xffffff),
                feedbackCount,
                status,
                deltas);
        feedbackCount = (feedbackCount + 1) & 0xff;
        nextToReport = base + n;
        pending = Math.max(0, pending - reported);
        if (nextToReport > highest) {
            pending = 0;
        }
        return end;
    }

    private boolean receivedAt(long ext) {
        return sequenceAt[slot(ext)] == ext + 1;
    }

    private static int slot(long ext) {
        return (int) (ext & (RING - 1));
    }
}
