package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The receive time of each read batch: the moment the recvmmsg (or recvmsg) call returned, before
 * any datagram of the batch reaches the pipeline.
 *
 * <p>Why not the kernel's timestamp (SO_TIMESTAMPNS / SO_TIMESTAMPING, socket(7)): Netty's epoll
 * transport (4.2.18) has no channel option for it and its native recvmmsg reads only the UDP_GRO
 * control message (the segment size), so the kernel's time never reaches Java. Netty's epoll
 * datagram channel calls {@link RecvByteBufAllocator.Handle#lastBytesRead} once per batch, right
 * after the system call and before it fires the batch's channelRead events; this handle stamps
 * the clock there. What that misses: the time a datagram waited in the socket's receive queue
 * before the worker read it (while the worker was busy with earlier batches, timers or API calls),
 * and the kernel's own receive path. With NIO (no epoll) the stamp is taken after the last datagram
 * of a read, so earlier datagrams of that read are understated as well.
 */
final class BatchClock implements RecvByteBufAllocator {
    private final FixedRecvByteBufAllocator sizes;
    private final LongSupplier nanoTime;
    private long lastBatchNanos;

    BatchClock(int bufferSize, LongSupplier nanoTime) {
        this.sizes = new FixedRecvByteBufAllocator(bufferSize);
        this.nanoTime = nanoTime;
    }

    /** When the last read system call returned (System.nanoTime); loop thread only. */
    long lastBatchNanos() {
        return lastBatchNanos;
    }

    @Override
    public Handle newHandle() {
        return new Stamping((ExtendedHandle) sizes.newHandle());
    }

    /** Netty's epoll channel requires an ExtendedHandle; all but the stamp is the delegate's. */
    private final class Stamping implements ExtendedHandle {
        private final ExtendedHandle delegate;

        Stamping(ExtendedHandle delegate) {
            this.delegate = delegate;
        }

        @Override
        public void lastBytesRead(int bytes) {
            lastBatchNanos = nanoTime.getAsLong();
            delegate.lastBytesRead(bytes);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return delegate.allocate(alloc);
        }

        @Override
        public int guess() {
            return delegate.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            delegate.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            delegate.incMessagesRead(numMessages);
        }

        @Override
        public int lastBytesRead() {
            return delegate.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            delegate.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return delegate.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return delegate.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return delegate.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            delegate.readComplete();
        }
    }
}
