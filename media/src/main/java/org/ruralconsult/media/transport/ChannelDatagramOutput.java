package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Writes to the worker's UDP channel without flushing; the read-complete event flushes once per
 * batch, which Netty's epoll transport sends with sendmmsg.
 */
final class ChannelDatagramOutput implements DatagramOutput {
    private final Channel channel;

    ChannelDatagramOutput(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void write(ByteBuf datagram, InetSocketAddress to) {
        channel.write(new DatagramPacket(datagram, to), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }
}
