package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ruralconsult.media.dtls.DtlsCertificate;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.srtp.PacketScratch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared-nothing worker: its socket loop ({@link SocketLoop}: one event-loop thread, one UDP
 * port), the demultiplexer ({@link PacketDemux}), the transports pinned to it
 * ({@link TransportRegistry}), the consent sweep, scratch buffers for crypto, and the time each
 * forwarded packet spends in it ({@link ResidenceHistogram}). Everything here runs on the loop
 * thread unless a method says otherwise.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    static final int MAX_DATAGRAM = 1500;
    /** Close reason: checks stopped after ICE had connected (RFC 7675 §5.1). */
    public static final String CONSENT_EXPIRED = "ICE consent expired (RFC 7675)";
    /** Close reason: not one valid check arrived since the transport was made (e.g. an unanswered offer). */
    public static final String NEVER_CONNECTED = "ICE never connected: no connectivity check arrived";

    private final int index;
    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private final DtlsCertificate certificate;
    private final Executor dtlsExecutor;
    private final String advertisedAddress;
    private final long consentTimeoutNanos;
    private final PacketCounters counters = new PacketCounters();
    private final ResidenceHistogram residence = new ResidenceHistogram();
    private final TransportRegistry registry = new TransportRegistry();
    private final PacketDemux demux;
    private final ResidenceClock output;
    private final SocketLoop socket;
    private final EventLoop loop;
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
        this.demux = new PacketDemux(index, registry, counters);
        this.output = new ResidenceClock(null, residence, System::nanoTime);
        this.socket = new SocketLoop(this, bind, allocator, counters, segmentationOffload);
        this.output.target(socket.output());
        this.loop = socket.loop();
        this.advertisedAddress = advertisedAddress != null
                ? advertisedAddress
                : bind.getAddress().getHostAddress();
        loop.scheduleAtFixedRate(this::sweepConsent, 500, 500, TimeUnit.MILLISECONDS);
        LOG.info(
                "media worker {} on {} port {} ({}{})",
                index,
                bind.getAddress(),
                socket.port(),
                socket.epoll() ? "epoll" : "nio",
                socket.segmenting() ? ", UDP GSO" : "");
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
        return socket.port();
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

    /** Test hook: send through another output (e.g. one that counts and releases); null restores the socket. */
    public void output(DatagramOutput replacement) {
        output.target(replacement == null ? socket.output() : replacement);
    }

    /** Scratch for building outgoing RTP (worker thread only). */
    public PacketScratch rtpScratch() {
        return outScratch.clear();
    }

    /** Scratch for building outgoing RTCP (worker thread only). */
    public PacketScratch rtcpScratch() {
        return controlScratch.clear();
    }

    /** Drops at the demultiplexer and the GSO counters (worker thread only). */
    public PacketCounters counters() {
        return counters;
    }

    /** Time per forwarded RTP packet from its batch's receive to the send call (worker thread only). */
    public ResidenceHistogram residence() {
        return residence;
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
        registry.add(t);
        return t;
    }

    void registerUfrag(String ufrag, WebRtcTransport t) {
        registry.registerUfrag(ufrag, t);
    }

    void unregisterUfrag(String ufrag) {
        registry.unregisterUfrag(ufrag);
    }

    void moveAddress(InetSocketAddress from, InetSocketAddress to, WebRtcTransport t) {
        registry.moveAddress(from, to, t);
    }

    void unregister(WebRtcTransport t) {
        registry.remove(t);
    }

    /**
     * Demultiplexes one received datagram (RFC 7983), taking now as its receive time (tests and
     * benchmarks that hand datagrams in directly). The caller keeps ownership of {@code data} and
     * releases it after this returns; nothing here retains it.
     */
    public void onDatagram(ByteBuf data, InetSocketAddress from) {
        onDatagram(data, from, System.nanoTime());
    }

    /** As above, received at {@code receivedNanos} (System.nanoTime; the socket loop passes its batch's time). */
    public void onDatagram(ByteBuf data, InetSocketAddress from, long receivedNanos) {
        output.receivedAt(receivedNanos);
        try {
            demux.onDatagram(data, from);
        } finally {
            output.receivedAt(0);
        }
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
        for (WebRtcTransport t : registry.all()) {
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
        return socket.segmenting();
    }

    public int transportCount() {
        return registry.size();
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = submit(() -> {
            for (WebRtcTransport t : new ArrayList<>(registry.all())) {
                t.close("relay closed");
            }
            return null;
        });
        done.join();
        socket.close();
    }
}
