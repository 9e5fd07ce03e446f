package org.ruralconsult.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ruralconsult.media.dtls.DtlsCertificate;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.stun.StunDecoder;
import org.ruralconsult.media.stun.StunException;
import org.ruralconsult.media.stun.StunMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared-nothing worker: a single-threaded event loop (epoll, NIO where epoll is absent) with
 * its own UDP port, the transports pinned to it, and scratch buffers for crypto. Everything here
 * runs on the loop thread unless a method says otherwise.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    static final int MAX_DATAGRAM = 1500;
    /** Close reason: checks stopped after ICE had connected (RFC 7675 §5.1). */
    public static final String CONSENT_EXPIRED = "ICE consent expired (RFC 7675)";
    /** Close reason: not one valid check arrived since the transport was made (e.g. an unanswered offer). */
    public static final String NEVER_CONNECTED = "ICE never connected: no connectivity check arrived";

    private final int index;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Channel channel;
    private final DatagramOutput channelOutput;
    private final boolean segmenting;
    private DatagramOutput output;
    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private final DtlsCertificate certificate;
    private final Executor dtlsExecutor;
    private final String advertisedAddress;
    private final int port;
    private final long consentTimeoutNanos;
    private final PacketCounters counters = new PacketCounters();
    private final Map<String, WebRtcTransport> byUfrag = new HashMap<>();
    private final Map<InetSocketAddress, WebRtcTransport> byAddress = new HashMap<>();
    private final List<WebRtcTransport> transports = new ArrayList<>();
    private final PacketScratch inScratch = new PacketScratch();
    private final PacketScratch outScratch = new PacketScratch();
    private final PacketScratch controlScratch = new PacketScratch();

    private Worker(
            int index,
            InetSocketAddress bind,
            String advertisedAddress,
            DtlsCertificate certificate,
            Executor dtlsExecutor,
            long consentTimeoutNanos,
            boolean segmentationOffload) {
        this.index = index;
        this.certificate = certificate;
        this.dtlsExecutor = dtlsExecutor;
        this.consentTimeoutNanos = consentTimeoutNanos;
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory("media-worker-" + index, true);
        this.group = new MultiThreadIoEventLoopGroup(
                1, threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        // an IPv4 bind address gets an IPv4 socket: a dual-stack one sends through udpv6_sendmsg first
        SocketProtocolFamily family =
                bind.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.ALLOCATOR, allocator)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(new DatagramInbound(this));
        if (epoll) {
            // recvmmsg: up to 16 datagrams per syscall, each a slice of one pooled buffer
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * 16));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048));
        }
        this.channel = b.bind(bind).syncUninterruptibly().channel();
        this.segmenting = epoll && segmentationOffload && SegmentingDatagramOutput.supported();
        this.channelOutput = segmenting
                ? new SegmentingDatagramOutput(channel, allocator, counters)
                : new ChannelDatagramOutput(channel);
        this.output = channelOutput;
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
        this.advertisedAddress = advertisedAddress != null
                ? advertisedAddress
                : bind.getAddress().getHostAddress();
        loop.scheduleAtFixedRate(this::sweepConsent, 500, 500, TimeUnit.MILLISECONDS);
        LOG.info(
                "media worker {} on {} port {} ({}{})",
                index,
                bind.getAddress(),
                port,
                epoll ? "epoll" : "nio",
                segmenting ? ", UDP GSO" : "");
    }

    public static Worker start(
            int index,
            InetSocketAddress bind,
            String advertisedAddress,
            DtlsCertificate certificate,
            Executor dtlsExecutor,
            long consentTimeoutMillis,
            boolean segmentationOffload) {
        return new Worker(
                index,
                bind,
                advertisedAddress,
                certificate,
                dtlsExecutor,
                TimeUnit.MILLISECONDS.toNanos(consentTimeoutMillis),
                segmentationOffload);
    }

    public int index() {
        return index;
    }

    public int port() {
        return port;
    }

    public String advertisedAddress() {
        return advertisedAddress;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    Executor dtlsExecutor() {
        return dtlsExecutor;
    }

    ByteBufAllocator allocator() {
        return allocator;
    }

    public DatagramOutput output() {
        return output;
    }

    /** Test hook: send through another output (e.g. one that counts and releases). */
    public void output(DatagramOutput replacement) {
        this.output = replacement == null ? channelOutput : replacement;
    }

    /** Scratch for building outgoing RTP (worker thread only). */
    public PacketScratch rtpScratch() {
        return outScratch.clear();
    }

    /** Scratch for building outgoing RTCP (worker thread only). */
    public PacketScratch rtcpScratch() {
        return controlScratch.clear();
    }

    public PacketCounters counters() {
        return counters;
    }

    public boolean inLoop() {
        return loop.inEventLoop();
    }

    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Runs on the worker; inline when already on it. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
            output.flush();
        };
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
        return f;
    }

    public void schedule(Runnable task, long delayMillis) {
        loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    public java.util.concurrent.Future<?> scheduleAtFixedRate(Runnable task, long periodMillis) {
        return loop.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Creates a transport pinned to this worker (worker thread). */
    public WebRtcTransport createTransport(
            String id, TransportListener listener, PacketCounters counters, double ingressLoss) {
        WebRtcTransport t = new WebRtcTransport(this, id, listener, counters, ingressLoss);
        transports.add(t);
        registerUfrag(t.ufrag(), t);
        return t;
    }

    void registerUfrag(String ufrag, WebRtcTransport t) {
        byUfrag.put(ufrag, t);
    }

    void unregisterUfrag(String ufrag) {
        byUfrag.remove(ufrag);
    }

    void moveAddress(InetSocketAddress from, InetSocketAddress to, WebRtcTransport t) {
        if (from != null && byAddress.get(from) == t) {
            byAddress.remove(from);
        }
        if (to != null) {
            byAddress.put(to, t);
        }
    }

    void unregister(WebRtcTransport t) {
        transports.remove(t);
        byUfrag.values().remove(t);
        byAddress.values().remove(t);
    }

    /**
     * Demultiplexes one received datagram (RFC 7983). The caller keeps ownership of {@code data}
     * and releases it after this returns; nothing here retains it.
     */
    public void onDatagram(ByteBuf data, InetSocketAddress from) {
        try {
            demultiplex(data, from);
        } catch (RuntimeException e) {
            // a bug on one packet must not hurt other calls on this worker: count, log, go on
            counters.drop(DropReason.INTERNAL_ERROR);
            if (LOG.isDebugEnabled()) {
                LOG.debug("worker {}: packet from {} failed", index, from, e);
            }
        }
    }

    private void demultiplex(ByteBuf data, InetSocketAddress from) {
        int len = data.readableBytes();
        if (len == 0 || len > MAX_DATAGRAM) {
            counters.drop(DropReason.BAD_SIZE);
            return;
        }
        switch (PacketDemux.classify(data.getByte(data.readerIndex()))) {
            case PacketDemux.STUN -> onStun(data, from);
            case PacketDemux.DTLS -> {
                WebRtcTransport t = byAddress.get(from);
                if (t == null) {
                    counters.drop(DropReason.UNKNOWN_SOURCE);
                    return;
                }
                byte[] record = new byte[len];
                data.getBytes(data.readerIndex(), record);
                t.onDtls(record);
            }
            case PacketDemux.RTP_OR_RTCP -> {
                WebRtcTransport t = byAddress.get(from);
                if (t == null) {
                    counters.drop(DropReason.UNKNOWN_SOURCE);
                    return;
                }
                PacketScratch p = inScratch.clear();
                data.getBytes(data.readerIndex(), p.array(), 0, len);
                p.setLength(len);
                boolean rtcp = len >= 8 && isRtcpType(p.array()[1]);
                t.onSrtp(p, rtcp);
            }
            default -> counters.drop(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private static boolean isRtcpType(byte second) {
        int pt = second & 0xff;
        return pt >= 192 && pt <= 223; // RFC 5761 §4
    }

    private void onStun(ByteBuf data, InetSocketAddress from) {
        byte[] raw = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), raw);
        StunMessage m;
        try {
            m = StunDecoder.decode(raw);
        } catch (StunException e) {
            counters.drop(DropReason.STUN_MALFORMED);
            return;
        }
        if (!m.isBindingRequest()) {
            if (m.type() != org.ruralconsult.media.stun.StunConstants.BINDING_INDICATION) {
                counters.drop(DropReason.STUN_MALFORMED);
            }
            return;
        }
        String username = m.username();
        int colon = username == null ? -1 : username.indexOf(':');
        WebRtcTransport t = colon < 0 ? null : byUfrag.get(username.substring(0, colon));
        if (t == null) {
            counters.drop(DropReason.STUN_UNAUTHORIZED);
            return;
        }
        t.onStun(m, from);
    }

    /** Writes one datagram now and flushes (control traffic, not the media batch). */
    void sendNow(byte[] datagram, InetSocketAddress to) {
        ByteBuf buf = allocator.directBuffer(datagram.length);
        buf.writeBytes(datagram);
        output.write(buf, to);
        output.flush();
    }

    /** From any thread (the DTLS executor): hops onto the loop, then sends to the current address. */
    void sendFromAnyThread(byte[] datagram, Supplier<InetSocketAddress> to) {
        if (loop.isShuttingDown()) {
            return;
        }
        loop.execute(() -> {
            InetSocketAddress address = to.get();
            if (address == null) {
                counters.drop(DropReason.NO_ROUTE);
                return;
            }
            sendNow(datagram, address);
        });
    }

    private void sweepConsent() {
        long now = System.nanoTime();
        List<WebRtcTransport> expired = null;
        for (WebRtcTransport t : transports) {
            if (t.consentExpired(now, consentTimeoutNanos)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(t);
            }
        }
        if (expired != null) {
            for (WebRtcTransport t : expired) {
                t.close(t.everChecked() ? CONSENT_EXPIRED : NEVER_CONNECTED);
            }
            output.flush();
        }
    }

    void onError(Throwable cause) {
        LOG.warn("worker {}: {}", index, cause.toString());
    }

    /** Whether this worker sends runs of datagrams with UDP GSO. */
    public boolean segmenting() {
        return segmenting;
    }

    public int transportCount() {
        return transports.size();
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = submit(() -> {
            for (WebRtcTransport t : new ArrayList<>(transports)) {
                t.close("relay closed");
            }
            return null;
        });
        done.join();
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
