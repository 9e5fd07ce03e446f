package org.ruralconsult.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.media.pipeline.PacketCounters;

/**
 * A worker's socket loop: one single-threaded Netty event loop (epoll, NIO where epoll is absent)
 * with one UDP socket, read in batches (recvmmsg, each batch's receive time kept by
 * {@link BatchClock}) and written through one output that the read-complete event flushes (sendmmsg,
 * UDP GSO runs where the kernel has them).
 */
final class SocketLoop {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Channel channel;
    private final DatagramOutput output;
    private final boolean epoll;
    private final boolean segmenting;
    private final int port;

    SocketLoop(
            Worker worker,
            InetSocketAddress bind,
            ByteBufAllocator allocator,
            PacketCounters counters,
            boolean segmentationOffload) {
        this.epoll = Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory("media-worker-" + worker.index(), true);
        this.group = new MultiThreadIoEventLoopGroup(
                1, threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        // an IPv4 bind address gets an IPv4 socket: a dual-stack one sends through udpv6_sendmsg first
        SocketProtocolFamily family =
                bind.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        // recvmmsg: up to 16 datagrams per syscall, each a slice of one pooled buffer
        BatchClock clock = new BatchClock(epoll ? Worker.MAX_DATAGRAM * 16 : 2048, System::nanoTime);
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.ALLOCATOR, allocator)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, clock)
                .handler(new DatagramInbound(worker, clock));
        if (epoll) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, Worker.MAX_DATAGRAM);
        }
        try {
            this.channel = b.bind(bind).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.segmenting = epoll && segmentationOffload && SegmentingDatagramOutput.supported();
        this.output = segmenting
                ? new SegmentingDatagramOutput(channel, allocator, counters)
                : new ChannelDatagramOutput(channel);
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    EventLoop loop() {
        return loop;
    }

    /** The socket's own output (write now, send at flush). */
    DatagramOutput output() {
        return output;
    }

    boolean epoll() {
        return epoll;
    }

    boolean segmenting() {
        return segmenting;
    }

    int port() {
        return port;
    }

    void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
