package org.ruralconsult.media.testing;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.ruralconsult.media.transport.DatagramOutput;

/**
 * Stands in for a worker's socket: counts the datagrams the relay would send and releases each (the
 * output owns what it is given). Touched only on the worker thread.
 */
public final class CountingOutput implements DatagramOutput {
    private long datagrams;
    private InetSocketAddress watched;
    private long datagramsToWatched;

    @Override
    public void write(ByteBuf datagram, InetSocketAddress to) {
        datagrams++;
        if (to.equals(watched)) {
            datagramsToWatched++;
        }
        datagram.release();
    }

    /** Counts the datagrams to {@code to} apart (see {@link #datagramsToWatched()}). */
    public void watch(InetSocketAddress to) {
        watched = to;
    }

    /** Datagrams written to the watched address so far. */
    public long datagramsToWatched() {
        return datagramsToWatched;
    }

    @Override
    public void flush() {}

    /** Datagrams written so far. */
    public long datagrams() {
        return datagrams;
    }
}
