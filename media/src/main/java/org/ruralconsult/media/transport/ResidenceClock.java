package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * Wraps the worker's output and times each forwarded RTP datagram from its read batch's receive
 * time to the send call: the flush that hands the batch's writes to the kernel (sendmmsg). Writes
 * remember their batch's receive time (one entry per batch, not per packet); the flush records
 * them all in the worker's {@link ResidenceHistogram}. Worker thread only; allocates nothing.
 *
 * <p>Only RTP is timed (forwarded media and RTX answers to NACKs). RTCP, STUN and DTLS, and anything
 * written outside the handling of a received datagram (timers, API calls), are not.
 */
final class ResidenceClock implements DatagramOutput {
    private static final int MAX_PENDING_BATCHES = 64;

    private final ResidenceHistogram histogram;
    private final LongSupplier nanoTime;
    private final long[] pendingReceived = new long[MAX_PENDING_BATCHES];
    private final int[] pendingCount = new int[MAX_PENDING_BATCHES];
    private int pending;
    private DatagramOutput target;
    private long receivedNanos;

    ResidenceClock(DatagramOutput target, ResidenceHistogram histogram, LongSupplier nanoTime) {
        this.target = target;
        this.histogram = histogram;
        this.nanoTime = nanoTime;
    }

    void target(DatagramOutput output) {
        this.target = output;
    }

    /** The receive time of the datagram being handled now; 0 while none is. */
    void receivedAt(long nanos) {
        this.receivedNanos = nanos;
    }

    @Override
    public void write(ByteBuf datagram, InetSocketAddress to) {
        long received = receivedNanos;
        if (received != 0 && isRtp(datagram)) {
            remember(received);
        }
        target.write(datagram, to);
    }

    private void remember(long received) {
        int last = pending - 1;
        if (last >= 0 && (pendingReceived[last] == received || pending == MAX_PENDING_BATCHES)) {
            // same batch; or, past 64 batches without a flush (not seen: Netty reads at most 16 per
            // event), the latest batch's time, which understates the earlier ones
            pendingCount[last]++;
            return;
        }
        pendingReceived[pending] = received;
        pendingCount[pending] = 1;
        pending++;
    }

    @Override
    public void flush() {
        if (pending > 0) {
            long now = nanoTime.getAsLong();
            for (int i = 0; i < pending; i++) {
                histogram.record(now - pendingReceived[i], pendingCount[i]);
            }
            pending = 0;
        }
        target.flush();
    }

    /** RTP rather than RTCP by the second byte (RFC 5761 §4); STUN and DTLS by the first (RFC 7983). */
    private static boolean isRtp(ByteBuf datagram) {
        int at = datagram.readerIndex();
        if (datagram.readableBytes() < 12 || (datagram.getByte(at) & 0xc0) != 0x80) {
            return false;
        }
        int second = datagram.getByte(at + 1) & 0xff;
        return second < 192 || second > 223;
    }
}
