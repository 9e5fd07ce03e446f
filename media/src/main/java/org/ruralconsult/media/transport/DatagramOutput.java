package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Where a worker's outgoing datagrams go: written during a read batch, flushed once at its end.
 * Takes ownership of {@code datagram}.
 */
public interface DatagramOutput {
    void write(ByteBuf datagram, InetSocketAddress to);

    void flush();
}
