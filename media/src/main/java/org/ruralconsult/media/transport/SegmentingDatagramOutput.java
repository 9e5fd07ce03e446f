package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a worker's datagrams with UDP generic segmentation offload (Linux {@code UDP_SEGMENT}): a run
 * of datagrams to one destination, all of one size but the last (the packets of a video frame to one
 * subscriber), leaves as one send, and the kernel, or the network card, cuts it into the same datagrams
 * again. Same packets on the wire, one pass through the UDP/IP stack per run instead of one per packet.
 *
 * <p>Datagrams to one destination keep their order; runs are written in the order they began. Nothing is
 * held past {@link #flush()}, which the worker calls at the end of every read batch. When the kernel or
 * the device refuses a segmented send (EIO where the card cannot checksum UDP), that run is counted as
 * dropped and the worker goes on with one datagram per send.
 *
 * <p>Ownership: {@link #write} takes the buffer; a run copies it into the run's buffer and releases it.
 *
 * @see <a href="https://www.kernel.org/doc/html/latest/networking/segmentation-offloads.html">segmentation
 *     offloads</a>, Linux commit bec1f6f69736 ("udp: generate gso with UDP_SEGMENT")
 */
final class SegmentingDatagramOutput implements DatagramOutput {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentingDatagramOutput.class);
    /** UDP_MAX_SEGMENTS of kernels before 5.4 (128 since); the lower bound works on both. */
    static final int MAX_SEGMENTS = 64;
    /** A run is one UDP datagram before segmentation: 65,535 minus the IPv6/UDP headers, rounded down. */
    static final int MAX_RUN_BYTES = 65_000;
    /** Runs open at once; more in one batch flushes early (a batch is 16–32 reads, so this is rare). */
    static final int MAX_RUNS = 128;

    private final Channel channel;
    private final ByteBufAllocator allocator;
    private final PacketCounters counters;
    private final Run[] runs = new Run[MAX_RUNS];
    private final ChannelFutureListener onSegmentedFailure = this::onSegmentedFailure;
    private int runCount;
    private boolean segmenting = true;

    SegmentingDatagramOutput(Channel channel, ByteBufAllocator allocator, PacketCounters counters) {
        this.channel = channel;
        this.allocator = allocator;
        this.counters = counters;
        for (int i = 0; i < runs.length; i++) {
            runs[i] = new Run();
        }
    }

    /** Whether this kernel and Netty's native transport can send segmented datagrams at all. */
    static boolean supported() {
        return SegmentedDatagramPacket.isSupported();
    }

    @Override
    public void write(ByteBuf datagram, InetSocketAddress to) {
        if (!segmenting) {
            channel.write(new DatagramPacket(datagram, to), channel.voidPromise());
            return;
        }
        Run latest = latestRunTo(to);
        if (latest != null && latest.accepts(datagram.readableBytes())) {
            latest.append(datagram, allocator);
            return;
        }
        if (latest != null) {
            latest.open = false; // a later datagram of another size starts a new run: order is kept
        }
        if (runCount == runs.length) {
            writeRuns();
        }
        runs[runCount++].begin(datagram, to);
    }

    @Override
    public void flush() {
        writeRuns();
        channel.flush();
    }

    private Run latestRunTo(InetSocketAddress to) {
        for (int i = runCount - 1; i >= 0; i--) {
            Run r = runs[i];
            if (r.to == to || r.to.equals(to)) {
                return r;
            }
        }
        return null;
    }

    private void writeRuns() {
        for (int i = 0; i < runCount; i++) {
            Run r = runs[i];
            if (r.count == 1) {
                channel.write(new DatagramPacket(r.buffer, r.to), channel.voidPromise());
            } else {
                counters.segmentedSends++;
                counters.segmentedDatagrams += r.count;
                channel.write(new SegmentedDatagramPacket(r.buffer, r.segmentSize, r.to))
                        .addListener(onSegmentedFailure);
            }
            r.clear();
        }
        runCount = 0;
    }

    private void onSegmentedFailure(ChannelFuture f) {
        if (f.isSuccess()) {
            return;
        }
        counters.drop(DropReason.SEND_FAILED);
        if (segmenting) {
            segmenting = false;
            LOG.warn(
                    "UDP segmentation offload refused ({}); sending one datagram at a time",
                    f.cause().toString());
        }
    }

    /** Datagrams to one destination waiting for the flush, back to back in one buffer. */
    private static final class Run {
        InetSocketAddress to;
        ByteBuf buffer;
        int segmentSize;
        int count;
        /** False once a shorter datagram ended the run, or another size began a new one. */
        boolean open;

        void begin(ByteBuf datagram, InetSocketAddress destination) {
            to = destination;
            buffer = datagram;
            segmentSize = datagram.readableBytes();
            count = 1;
            open = true;
        }

        boolean accepts(int length) {
            return open
                    && length <= segmentSize
                    && count < MAX_SEGMENTS
                    && (long) segmentSize * count + length <= MAX_RUN_BYTES;
        }

        void append(ByteBuf datagram, ByteBufAllocator allocator) {
            if (count == 1) {
                // the second datagram: move the run into a buffer that can take the rest of it
                int capacity = Math.min(MAX_SEGMENTS, MAX_RUN_BYTES / segmentSize) * segmentSize;
                ByteBuf joined = allocator.directBuffer(capacity, capacity);
                joined.writeBytes(buffer);
                buffer.release();
                buffer = joined;
            }
            int length = datagram.readableBytes();
            buffer.writeBytes(datagram);
            datagram.release();
            count++;
            if (length < segmentSize) {
                open = false; // only the last segment may be shorter
            }
        }

        void clear() {
            to = null;
            buffer = null;
            count = 0;
            open = false;
        }
    }
}
