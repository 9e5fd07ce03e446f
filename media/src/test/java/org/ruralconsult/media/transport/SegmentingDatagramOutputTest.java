package org.ruralconsult.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.testing.NoLeaks;

/**
 * UDP GSO through a real epoll socket on 127.0.0.1 to plain JDK sockets: every datagram arrives once,
 * with its own bytes and length, in the order written per destination, and runs really went out as
 * segmented sends.
 */
@ExtendWith(NoLeaks.class)
class SegmentingDatagramOutputTest {
    private EventLoopGroup group;
    private Channel channel;
    private final PacketCounters counters = new PacketCounters();
    private SegmentingDatagramOutput output;
    private DatagramChannel a;
    private DatagramChannel b;

    @BeforeEach
    void setUp() throws Exception {
        assertTrue(SegmentingDatagramOutput.supported(), "this Linux kernel and Netty's epoll transport support GSO");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = new Bootstrap()
                .group(group)
                .channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
        output = new SegmentingDatagramOutput(channel, PooledByteBufAllocator.DEFAULT, counters);
        a = receiver();
        b = receiver();
    }

    @AfterEach
    void tearDown() throws Exception {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        a.close();
        b.close();
    }

    @Test
    void runsArriveAsTheSameDatagramsInOrder() throws Exception {
        InetSocketAddress toA = (InetSocketAddress) a.getLocalAddress();
        InetSocketAddress toB = (InetSocketAddress) b.getLocalAddress();
        // a video frame to A interleaved with one to B, a short audio packet ending A's run, then more
        // video to A (a new run), a lone packet to B, and a key-frame burst longer than one run
        List<int[]> plan = new ArrayList<>(); // {receiver 0/1, length}
        for (int i = 0; i < 3; i++) {
            plan.add(new int[] {0, 1116});
            plan.add(new int[] {1, 1116});
        }
        plan.add(new int[] {0, 116});
        plan.add(new int[] {0, 1116});
        plan.add(new int[] {0, 1116});
        plan.add(new int[] {1, 700});
        for (int i = 0; i < SegmentingDatagramOutput.MAX_SEGMENTS + 10; i++) {
            plan.add(new int[] {1, 1016});
        }
        channel.eventLoop()
                .submit(() -> {
                    for (int i = 0; i < plan.size(); i++) {
                        int[] step = plan.get(i);
                        output.write(datagram(i, step[1]), step[0] == 0 ? toA : toB);
                    }
                    output.flush();
                })
                .syncUninterruptibly();

        List<byte[]> atA = drain(a);
        List<byte[]> atB = drain(b);
        List<int[]> wantA = plan.stream().filter(s -> s[0] == 0).toList();
        List<int[]> wantB = plan.stream().filter(s -> s[0] == 1).toList();
        assertEquals(wantA.size(), atA.size(), "datagrams at A");
        assertEquals(wantB.size(), atB.size(), "datagrams at B");
        checkInOrder(plan, 0, atA);
        checkInOrder(plan, 1, atB);
        assertTrue(counters.segmentedSends >= 4, () -> "segmented sends: " + counters);
        assertTrue(counters.segmentedDatagrams > plan.size() / 2, () -> "segmented datagrams: " + counters);
    }

    /** Each datagram starts with its index in the plan and is filled with that index's low byte. */
    private static ByteBuf datagram(int index, int length) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        buf.writeInt(index);
        while (buf.readableBytes() < length) {
            buf.writeByte(index);
        }
        return buf;
    }

    private static void checkInOrder(List<int[]> plan, int receiver, List<byte[]> got) {
        int previous = -1;
        for (byte[] d : got) {
            int index = ByteBuffer.wrap(d).getInt();
            assertTrue(index > previous, "order kept per destination");
            previous = index;
            int[] step = plan.get(index);
            assertEquals(receiver, step[0], "datagram " + index + " went to its own destination");
            assertEquals(step[1], d.length, "datagram " + index + " keeps its length");
            for (int i = 4; i < d.length; i++) {
                assertEquals((byte) index, d[i], "datagram " + index + " byte " + i);
            }
        }
    }

    private static DatagramChannel receiver() throws Exception {
        DatagramChannel c = DatagramChannel.open();
        c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        c.bind(new InetSocketAddress("127.0.0.1", 0));
        c.socket().setSoTimeout(500);
        return c;
    }

    /** Everything that arrives until the socket stays quiet for half a second. */
    private static List<byte[]> drain(DatagramChannel c) throws Exception {
        List<byte[]> got = new ArrayList<>();
        byte[] raw = new byte[65_536];
        java.net.DatagramPacket p = new java.net.DatagramPacket(raw, raw.length);
        while (true) {
            try {
                c.socket().receive(p);
            } catch (SocketTimeoutException e) {
                return got;
            }
            byte[] d = new byte[p.getLength()];
            System.arraycopy(raw, 0, d, 0, d.length);
            got.add(d);
        }
    }
}
