package org.ruralconsult.media.dtls;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Bridges BouncyCastle's blocking DTLS to the event loop: the worker offers received records,
 * the DTLS thread takes them; sends go back through a callback that hops onto the channel.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    private static final byte[] CLOSED = new byte[0];
    static final int MTU = 1200;

    private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>(64);
    private final Consumer<byte[]> outbound;
    private volatile boolean closed;

    QueuedDatagramTransport(Consumer<byte[]> outbound) {
        this.outbound = outbound;
    }

    /** From the worker thread; drops when the DTLS thread is behind (DTLS retransmits). */
    boolean offer(byte[] record) {
        return !closed && inbound.offer(record);
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] record;
        try {
            record = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (record == null) {
            return -1;
        }
        if (record == CLOSED) {
            throw new IOException("transport closed");
        }
        int n = Math.min(len, record.length);
        System.arraycopy(record, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        outbound.accept(copy);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inbound.clear();
            inbound.offer(CLOSED);
        }
    }
}
