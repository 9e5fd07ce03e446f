package org.ruralconsult.media.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * Netty's entry into a worker: each datagram of a read batch goes to the demultiplexer with its
 * batch's receive time (and is released after, by SimpleChannelInboundHandler); the batch's writes
 * are flushed once.
 */
final class DatagramInbound extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Worker worker;
    private final BatchClock clock;

    DatagramInbound(Worker worker, BatchClock clock) {
        super(true);
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        worker.onDatagram(packet.content(), packet.sender(), clock.lastBatchNanos());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        worker.output().flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        worker.onError(cause);
    }
}
