package org.ruralconsult.media;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ruralconsult.media.dtls.DtlsCertificate;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.routing.RetransmissionBufferPool;
import org.ruralconsult.media.routing.Router;
import org.ruralconsult.media.routing.RouterStats;
import org.ruralconsult.media.transport.Worker;

/**
 * The SFU: workers (one event loop and UDP port each), the DTLS certificate, and the routers
 * (one per call), each pinned to the least-loaded worker.
 *
 * <pre>
 * MediaRelay relay = MediaRelay.start(MediaOptions.defaults());
 * Router router = relay.createRouter("call-42");
 * </pre>
 */
public final class MediaRelay implements AutoCloseable {
    private final MediaOptions options;
    private final DtlsCertificate certificate;
    private final ThreadPoolExecutor dtlsExecutor;
    private final List<Worker> workers = new ArrayList<>();
    private final Map<String, Router> routers = new ConcurrentHashMap<>();
    private final Map<Worker, AtomicInteger> load = new ConcurrentHashMap<>();
    private final Map<Worker, RetransmissionBufferPool> retransmissionBuffers = new ConcurrentHashMap<>();

    private MediaRelay(MediaOptions options) {
        this.options = options;
        this.certificate = DtlsCertificate.generate();
        AtomicInteger n = new AtomicInteger();
        this.dtlsExecutor =
                new ThreadPoolExecutor(0, options.dtlsThreads(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "media-dtls-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        try {
            for (int i = 0; i < Math.max(1, options.workers()); i++) {
                int port = options.basePort() == 0 ? 0 : options.basePort() + i;
                Worker w = Worker.start(
                        i,
                        new InetSocketAddress(options.bindAddress(), port),
                        options.advertisedAddress(),
                        certificate,
                        dtlsExecutor,
                        options.consentTimeoutMillis(),
                        options.segmentationOffload());
                workers.add(w);
                load.put(w, new AtomicInteger());
                retransmissionBuffers.put(w, new RetransmissionBufferPool());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static MediaRelay start(MediaOptions options) {
        return new MediaRelay(options);
    }

    public MediaOptions options() {
        return options;
    }

    /** The relay's certificate fingerprint (sha-256), as written in every SDP. */
    public String fingerprint() {
        return certificate.fingerprint();
    }

    /** UDP port of each worker. */
    public List<Integer> ports() {
        return workers.stream().map(Worker::port).toList();
    }

    /** A router for a call, pinned to the worker with the fewest routers. Ids must be unique. */
    public synchronized Router createRouter(String callId) {
        if (routers.containsKey(callId)) {
            throw new IllegalStateException("router exists: " + callId);
        }
        Worker w = workers.get(0);
        for (Worker c : workers) {
            if (load.get(c).get() < load.get(w).get()) {
                w = c;
            }
        }
        Worker chosen = w;
        load.get(chosen).incrementAndGet();
        Router r = new Router(
                callId,
                chosen,
                new Router.RouterConfig(options.videoCodecs(), options.ingressLossForTest(), options.adaptive()),
                retransmissionBuffers.get(chosen),
                () -> {
                    routers.remove(callId);
                    load.get(chosen).decrementAndGet();
                });
        routers.put(callId, r);
        return r;
    }

    public Router router(String callId) {
        return routers.get(callId);
    }

    /**
     * Sum over all routers plus drops at the workers' demultiplexers. Each part is read on its own
     * worker; the future completes when all have answered.
     */
    public CompletableFuture<RouterStats> stats() {
        List<CompletableFuture<PacketCounters>> parts = new ArrayList<>();
        for (Router r : routers.values()) {
            parts.add(r.worker().submit(() -> r.countersOnWorker().snapshot()));
        }
        for (Worker w : workers) {
            parts.add(w.submit(() -> w.counters().snapshot()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            PacketCounters total = new PacketCounters();
            for (CompletableFuture<PacketCounters> part : parts) {
                part.join().addTo(total);
            }
            return RouterStats.of(total);
        });
    }

    @Override
    public void close() {
        for (Router r : new ArrayList<>(routers.values())) {
            r.close().join();
        }
        for (Worker w : workers) {
            w.close();
        }
        dtlsExecutor.shutdownNow();
    }
}
