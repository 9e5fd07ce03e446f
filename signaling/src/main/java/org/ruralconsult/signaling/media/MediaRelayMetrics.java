package org.ruralconsult.signaling.media;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.WorkerMetrics;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.transport.ResidenceHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process SFU's figures at GET /metrics, per media worker ({@code worker="0"}...): every
 * field in {@link PacketCounters#EXPORTED}, drops by reason, the residence-time histogram, and the
 * routers and transports held now. Collected once per scrape: one task per worker reads its own
 * counters on its own thread ({@link MediaRelay#workerMetrics()}), so the forwarding path takes no
 * lock and the figures of one worker are consistent with each other.
 */
public final class MediaRelayMetrics implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRelayMetrics.class);
    /** A worker stuck longer than this leaves its figures out of one scrape rather than hang it. */
    static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(2);

    private final MediaRelay relay;

    public MediaRelayMetrics(MediaRelay relay) {
        this.relay = relay;
    }

    @Override
    public MetricSnapshots collect() {
        List<WorkerMetrics> workers;
        try {
            workers = relay.workerMetrics().get(COLLECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("media workers did not answer within {}: no media figures in this scrape", COLLECT_TIMEOUT);
            return MetricSnapshots.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MetricSnapshots.of();
        } catch (Exception e) {
            LOG.warn("media figures not collected: {}", e.toString());
            return MetricSnapshots.of();
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        for (PacketCounters.Exported e : PacketCounters.EXPORTED) {
            if (e.gauge()) {
                out.metricSnapshot(gauge(e.name(), e.help(), workers, w -> e.get(w.counters())));
            } else {
                out.metricSnapshot(counter(e.name(), e.help(), workers, w -> e.get(w.counters())));
            }
        }
        out.metricSnapshot(drops(workers));
        out.metricSnapshot(residence(workers));
        out.metricSnapshot(
                gauge("rc_media_routers", "calls (routers) held by the worker now", workers, w -> w.routers()));
        out.metricSnapshot(gauge(
                "rc_media_transports",
                "WebRTC transports (one per PeerConnection) on the worker now",
                workers,
                w -> w.transports()));
        return out.build();
    }

    private static CounterSnapshot counter(
            String name, String help, List<WorkerMetrics> workers, ToLongFunction<WorkerMetrics> value) {
        // the exposition format adds _total itself
        CounterSnapshot.Builder b = CounterSnapshot.builder()
                .name(name.substring(0, name.length() - "_total".length()))
                .help(help);
        for (WorkerMetrics w : workers) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(worker(w))
                    .value(value.applyAsLong(w))
                    .build());
        }
        return b.build();
    }

    private static GaugeSnapshot gauge(
            String name, String help, List<WorkerMetrics> workers, ToLongFunction<WorkerMetrics> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (WorkerMetrics w : workers) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(worker(w))
                    .value(value.applyAsLong(w))
                    .build());
        }
        return b.build();
    }

    private static CounterSnapshot drops(List<WorkerMetrics> workers) {
        CounterSnapshot.Builder b = CounterSnapshot.builder()
                .name("rc_media_drops")
                .help("datagrams and packets counted and dropped, by reason (DropReason)");
        for (WorkerMetrics w : workers) {
            for (DropReason r : DropReason.values()) {
                b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(Labels.of(
                                "worker",
                                Integer.toString(w.worker()),
                                "reason",
                                r.name().toLowerCase()))
                        .value(w.counters().drops(r))
                        .build());
            }
        }
        return b.build();
    }

    private static HistogramSnapshot residence(List<WorkerMetrics> workers) {
        long[] boundsNanos = ResidenceHistogram.exportedBoundsNanos();
        double[] bounds = new double[boundsNanos.length + 1];
        for (int i = 0; i < boundsNanos.length; i++) {
            bounds[i] = boundsNanos[i] / 1e9;
        }
        bounds[boundsNanos.length] = Double.POSITIVE_INFINITY;
        HistogramSnapshot.Builder b = HistogramSnapshot.builder()
                .name("rc_media_residence_seconds")
                .help("the relay's time per forwarded RTP packet, from the return of the recvmmsg call that"
                        + " read it to the flush that sends it (socket queue time not included)");
        for (WorkerMetrics w : workers) {
            ResidenceHistogram h = w.residence();
            long[] counts = new long[bounds.length]; // per bucket, not cumulative
            long below = 0;
            for (int i = 0; i < boundsNanos.length; i++) {
                long atMost = h.countAtMost(boundsNanos[i]);
                counts[i] = atMost - below;
                below = atMost;
            }
            counts[boundsNanos.length] = h.count() - below;
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(worker(w))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                    .sum(h.sumNanos() / 1e9)
                    .build());
        }
        return b.build();
    }

    private static Labels worker(WorkerMetrics w) {
        return Labels.of("worker", Integer.toString(w.worker()));
    }
}
