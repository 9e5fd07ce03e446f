package org.ruralconsult.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/** One thread that reads every participant's UDP socket (NIO selector) and hands packets to its {@link Conn}. */
final class IoLoop implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Conn> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    IoLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a non-blocking UDP socket on 127.0.0.1 (ephemeral port) for {@code conn}. */
    static DatagramChannel open() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        ch.configureBlocking(false);
        return ch;
    }

    /** Starts reading {@code conn}'s socket. */
    void register(Conn conn) {
        pending.add(conn);
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        byte[] arr = buf.array();
        try {
            while (running) {
                Conn c;
                while ((c = pending.poll()) != null) {
                    try {
                        c.channel().register(selector, SelectionKey.OP_READ, c);
                    } catch (IOException | RuntimeException e) {
                        // channel closed before registration
                    }
                }
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    Conn conn = (Conn) k.attachment();
                    DatagramChannel ch = (DatagramChannel) k.channel();
                    // drain up to a batch per socket per round
                    for (int i = 0; i < 64; i++) {
                        buf.clear();
                        SocketAddress from;
                        try {
                            from = ch.receive(buf);
                        } catch (IOException e) {
                            break;
                        }
                        if (from == null) {
                            break;
                        }
                        conn.onPacket(arr, buf.position(), (InetSocketAddress) from, System.nanoTime());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                System.err.println("loadgen io loop failed: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }
}
