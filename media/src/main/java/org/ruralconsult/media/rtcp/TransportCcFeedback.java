package org.ruralconsult.media.rtcp;

import org.ruralconsult.media.rtp.RtpHeader;

/**
 * A decoded transport-wide congestion control feedback message (RTPFB FMT=15), reusable: {@link #parse}
 * fills preallocated arrays, so reading feedback allocates nothing. {@link #check} validates a message
 * without keeping anything (the decoder uses it before handing the raw message on).
 *
 * <pre>
 *  base sequence number (16) | packet status count (16) | reference time (24, signed, 64 ms) | fb pkt count (8)
 *  packet chunks (16 bits each) ... | receive deltas (8 or 16 bits, 250 us) ... | zero padding
 * </pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3.1">
 *     draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1</a>
 */
public final class TransportCcFeedback {
    /** Most packets one message may report here: the send history keeps as many (longer ones are refused). */
    public static final int MAX_PACKETS = 8192;

    public static final int NOT_RECEIVED = 0;
    public static final int SMALL_DELTA = 1;
    /** Large or negative delta (two bytes, signed). */
    public static final int LARGE_DELTA = 2;

    /** One receive delta tick, in microseconds (§3.1.5). */
    public static final int DELTA_TICK_MICROS = 250;
    /** One reference time tick, in microseconds (§3.1). */
    public static final int REFERENCE_TICK_MICROS = 64_000;

    private final byte[] status = new byte[MAX_PACKETS];
    private final long[] arrivalMicros = new long[MAX_PACKETS];
    private int senderSsrc;
    private int mediaSsrc;
    private int baseSequence;
    private int count;
    private int referenceTime;
    private int feedbackCount;

    /**
     * Decodes the message starting at its RTCP header {@code b[off]}, {@code len} bytes long.
     *
     * @throws RtcpException when it is malformed (lengths, reserved symbols, more than {@link #MAX_PACKETS})
     */
    public void parse(byte[] b, int off, int len) throws RtcpException {
        walk(b, off, len, this);
    }

    /** Validates the message like {@link #parse} without keeping anything; returns its packet status count. */
    public static int check(byte[] b, int off, int len) throws RtcpException {
        return walk(b, off, len, null);
    }

    private static int walk(byte[] b, int off, int len, TransportCcFeedback into) throws RtcpException {
        if (len < 20) {
            throw new RtcpException("short transport-cc feedback");
        }
        int base = RtpHeader.readShort(b, off + 12);
        int count = RtpHeader.readShort(b, off + 14);
        if (count == 0 || count > MAX_PACKETS) {
            throw new RtcpException("transport-cc packet status count " + count);
        }
        int ref = RtpHeader.readInt(b, off + 16) >> 8; // 24-bit signed
        int end = off + len;
        // first pass: chunks give the statuses; the deltas follow the last chunk
        int p = off + 20;
        int seen = 0;
        int deltaBytes = 0;
        while (seen < count) {
            if (p + 2 > end) {
                throw new RtcpException("transport-cc chunks run past the message");
            }
            int chunk = RtpHeader.readShort(b, p);
            p += 2;
            if ((chunk & 0x8000) == 0) { // run length chunk (§3.1.3)
                int s = (chunk >> 13) & 3;
                int run = chunk & 0x1fff;
                if (s == 3 || run == 0) {
                    throw new RtcpException("transport-cc run length chunk with reserved status or no packets");
                }
                run = Math.min(run, count - seen);
                for (int i = 0; i < run; i++) {
                    if (into != null) {
                        into.status[seen + i] = (byte) s;
                    }
                }
                deltaBytes += s * run;
                seen += run;
            } else if ((chunk & 0x4000) == 0) { // status vector, 14 one-bit symbols (§3.1.4)
                int n = Math.min(14, count - seen);
                for (int i = 0; i < n; i++) {
                    int s = (chunk >> (13 - i)) & 1;
                    if (into != null) {
                        into.status[seen + i] = (byte) s;
                    }
                    deltaBytes += s;
                }
                seen += n;
            } else { // status vector, 7 two-bit symbols
                int n = Math.min(7, count - seen);
                for (int i = 0; i < n; i++) {
                    int s = (chunk >> (12 - 2 * i)) & 3;
                    if (s == 3) {
                        throw new RtcpException("transport-cc reserved status symbol");
                    }
                    if (into != null) {
                        into.status[seen + i] = (byte) s;
                    }
                    deltaBytes += s;
                }
                seen += n;
            }
        }
        if (p + deltaBytes > end) {
            throw new RtcpException("transport-cc receive deltas run past the message");
        }
        if (into != null) {
            into.senderSsrc = RtpHeader.readInt(b, off + 4);
            into.mediaSsrc = RtpHeader.readInt(b, off + 8);
            into.baseSequence = base;
            into.count = count;
            into.referenceTime = ref;
            into.feedbackCount = b[off + 19] & 0xff;
            long t = (long) ref * REFERENCE_TICK_MICROS;
            for (int i = 0; i < count; i++) {
                int s = into.status[i];
                if (s == SMALL_DELTA) {
                    t += (b[p++] & 0xff) * (long) DELTA_TICK_MICROS;
                } else if (s == LARGE_DELTA) {
                    t += (short) RtpHeader.readShort(b, p) * (long) DELTA_TICK_MICROS;
                    p += 2;
                }
                into.arrivalMicros[i] = s == NOT_RECEIVED ? Long.MIN_VALUE : t;
            }
        }
        return count;
    }

    public int senderSsrc() {
        return senderSsrc;
    }

    public int mediaSsrc() {
        return mediaSsrc;
    }

    public int baseSequence() {
        return baseSequence;
    }

    /** Packets reported, received or not. */
    public int count() {
        return count;
    }

    /** Transport sequence number of the {@code i}-th packet reported (wraps at 16 bits). */
    public int sequence(int i) {
        return (baseSequence + i) & 0xffff;
    }

    public boolean received(int i) {
        return status[i] != NOT_RECEIVED;
    }

    public int status(int i) {
        return status[i];
    }

    /** Reference time in its 64 ms units (24-bit signed). */
    public int referenceTime() {
        return referenceTime;
    }

    public int feedbackCount() {
        return feedbackCount;
    }

    /**
     * Arrival time of the {@code i}-th packet on the receiver's clock, in microseconds (reference time plus
     * the deltas so far); only differences between arrivals mean something.
     */
    public long arrivalMicros(int i) {
        return arrivalMicros[i];
    }
}
