package org.ruralconsult.media.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * Netty's entry into a worker: each datagram of a read batch goes to the demultiplexer (and is
 * released after, by SimpleChannelInboundHandler); the batch's writes are flushed once.
 */
final class DatagramInbound extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Worker worker;

    DatagramInbound(Worker worker) {
        super(true);
        this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        worker.onDatagram(packet.content(), packet.sender());
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
