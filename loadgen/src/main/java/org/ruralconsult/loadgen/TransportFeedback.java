package org.ruralconsult.loadgen;

import java.util.Arrays;

/**
 * The receiving side of transport-wide congestion control, as a browser does it: notes the arrival time of
 * every packet that carries a transport-wide sequence number and, about every 100 ms, reports them in one
 * RTCP transport-cc feedback packet (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, RTPFB FMT 15).
 * Written by the I/O thread ({@link #onArrival}), read by the pacer ({@link #build}): both under this
 * object's lock, which is never contended for long.
 */
final class TransportFeedback {
    /** Packets remembered between two feedback packets: ~450 packets/s at most per subscriber, 100 ms apart. */
    static final int WINDOW = 1024;
    /** Packets reported in one feedback packet at most, so that it stays well under the MTU. */
    static final int MAX_PER_PACKET = 400;

    static final int NOT_RECEIVED = 0;
    static final int SMALL_DELTA = 1;
    static final int LARGE_DELTA = 2;

    private final long[] arrivalMicros = new long[WINDOW];
    private final long[] seqAt = new long[WINDOW];
    /** Unwrapped sequence number of the next packet to report; -1 before the first packet. */
    private long nextToReport = -1;

    private long highest = -1;
    private int feedbackCount;
    private int mediaSsrc;
    private final long[] pending = new long[MAX_PER_PACKET];

    TransportFeedback() {
        Arrays.fill(seqAt, -1);
    }

    /** A packet with transport-wide sequence number {@code seq} (16 bits) arrived at {@code micros}. */
    synchronized void onArrival(int seq, int ssrc, long micros) {
        long ext;
        if (highest < 0) {
            ext = seq & 0xffff;
            nextToReport = ext;
        } else {
            ext = highest + (short) ((seq & 0xffff) - (highest & 0xffff));
        }
        if (ext < nextToReport) {
            return; // already reported as lost; too late for the sender's estimate anyway
        }
        if (ext > highest) {
            highest = ext;
        }
        int i = (int) (ext & (WINDOW - 1));
        seqAt[i] = ext;
        arrivalMicros[i] = micros;
        mediaSsrc = ssrc;
    }

    /**
     * The feedback for everything since the last one into {@code out} at {@code off}; returns its length in
     * bytes, 0 when nothing arrived since.
     */
    synchronized int build(byte[] out, int off, int senderSsrc) {
        if (highest < nextToReport) {
            return 0;
        }
        long first = Math.max(nextToReport, highest - WINDOW + 1);
        int count = (int) Math.min(MAX_PER_PACKET, highest - first + 1);
        for (int k = 0; k < count; k++) {
            long ext = first + k;
            int i = (int) (ext & (WINDOW - 1));
            pending[k] = seqAt[i] == ext ? arrivalMicros[i] : -1;
        }
        if (pending[0] < 0) {
            // the draft's reference time comes from the first packet: start at the first one received
            int skip = 0;
            while (skip < count && pending[skip] < 0) {
                skip++;
            }
            first += skip;
            count -= skip;
            System.arraycopy(pending, skip, pending, 0, count);
        }
        count = fitting(pending, count);
        int len = encode(out, off, senderSsrc, mediaSsrc, (int) (first & 0xffff), pending, count, feedbackCount);
        feedbackCount = (feedbackCount + 1) & 0xff;
        nextToReport = first + count;
        return len;
    }

    /**
     * How many of the packets can go into one feedback packet: the receive deltas must fit 16 signed bits of
     * 250 µs (±8 s); the rest go into the next one.
     */
    static int fitting(long[] arrivalMicros, int count) {
        long prevTicks = Long.MIN_VALUE;
        for (int k = 0; k < count; k++) {
            long a = arrivalMicros[k];
            if (a < 0) {
                continue;
            }
            long ticks = Math.floorDiv(a, 250);
            if (prevTicks == Long.MIN_VALUE) {
                prevTicks = Math.floorDiv(a, 64_000) * 256;
            }
            long d = ticks - prevTicks;
            if (d < Short.MIN_VALUE || d > Short.MAX_VALUE) {
                return k;
            }
            prevTicks = ticks;
        }
        return count;
    }

    /**
     * One transport-cc feedback packet (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) for
     * {@code count} consecutive sequence numbers from {@code baseSeq}; {@code arrivalMicros[k]} is the
     * arrival of {@code baseSeq + k}, or negative when it did not arrive. The first one must have arrived
     * (it gives the reference time). Returns the length, zero-padded to 32 bits.
     */
    static int encode(
            byte[] out,
            int off,
            int senderSsrc,
            int mediaSsrc,
            int baseSeq,
            long[] arrivalMicros,
            int count,
            int feedbackCount) {
        long reference = Math.floorDiv(arrivalMicros[0], 64_000); // §3.1: multiples of 64 ms
        byte[] symbols = symbols(arrivalMicros, count, reference);
        int p = off + 20;
        // packet chunks (§3.1.1): a run of 7 or more equal symbols as a run length chunk (§3.1.3), otherwise
        // a status vector chunk (§3.1.4) of 14 one-bit symbols, or of 7 two-bit symbols when a large or
        // negative delta is among them
        int k = 0;
        while (k < count) {
            int s = symbols[k];
            int run = 1;
            while (k + run < count && run < 0x1fff && symbols[k + run] == s) {
                run++;
            }
            if (run >= 7) {
                putShort(out, p, (s << 13) | run);
                k += run;
            } else {
                boolean twoBit = false;
                for (int j = k; j < Math.min(count, k + 14); j++) {
                    twoBit |= symbols[j] == LARGE_DELTA;
                }
                int chunk = 0x8000;
                if (twoBit) {
                    chunk |= 0x4000;
                    for (int j = 0; j < 7; j++) {
                        int v = k + j < count ? symbols[k + j] : NOT_RECEIVED;
                        chunk |= v << (12 - 2 * j);
                    }
                    k += 7;
                } else {
                    for (int j = 0; j < 14; j++) {
                        int v = k + j < count ? symbols[k + j] : NOT_RECEIVED;
                        chunk |= v << (13 - j);
                    }
                    k += 14;
                }
                putShort(out, p, chunk);
            }
            p += 2;
        }
        // receive deltas (§3.1.5): 250 µs ticks since the previous received packet, the first since the
        // reference time; whole ticks are kept so that rounding does not add up
        long prevTicks = reference * 256;
        for (int j = 0; j < count; j++) {
            long a = arrivalMicros[j];
            if (a < 0) {
                continue;
            }
            long ticks = Math.floorDiv(a, 250);
            long d = ticks - prevTicks;
            prevTicks = ticks;
            if (d >= 0 && d <= 255) {
                out[p++] = (byte) d;
            } else {
                putShort(out, p, (int) d);
                p += 2;
            }
        }
        while ((p - off) % 4 != 0) {
            out[p++] = 0;
        }
        int len = p - off;
        out[off] = (byte) 0x8f; // V=2, P=0, FMT=15
        out[off + 1] = (byte) 205; // RTPFB
        putShort(out, off + 2, len / 4 - 1);
        Stamp.putInt(out, off + 4, senderSsrc);
        Stamp.putInt(out, off + 8, mediaSsrc);
        putShort(out, off + 12, baseSeq);
        putShort(out, off + 14, count);
        Stamp.putInt(out, off + 16, (int) ((reference & 0xffffff) << 8) | (feedbackCount & 0xff));
        return len;
    }

    /** Each packet's status symbol (§3.1.1): not received, received with a small or a large delta. */
    static byte[] symbols(long[] arrivalMicros, int count, long reference) {
        byte[] symbols = new byte[count];
        long prevTicks = reference * 256;
        for (int k = 0; k < count; k++) {
            long a = arrivalMicros[k];
            if (a < 0) {
                symbols[k] = NOT_RECEIVED;
                continue;
            }
            long ticks = Math.floorDiv(a, 250);
            long d = ticks - prevTicks;
            prevTicks = ticks;
            symbols[k] = (byte) (d >= 0 && d <= 255 ? SMALL_DELTA : LARGE_DELTA);
        }
        return symbols;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
