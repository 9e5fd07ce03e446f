package org.ruralconsult.media.routing;

import java.util.ArrayList;
import java.util.List;
import org.ruralconsult.media.pipeline.PacketCounters;

/**
 * Runs one subscriber's {@link BandwidthAllocator} over its consumers and acts on the result: a key
 * frame asked for each newly chosen layer, pauses counted, the member told once when all its video
 * stops for bandwidth and once when it flows again. Worker thread only.
 */
final class LayerSelection {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LayerSelection.class);
    private final PacketCounters counters;
    private final KeyframeRequests keyframes;

    LayerSelection(CallContext call, KeyframeRequests keyframes) {
        this.counters = call.counters();
        this.keyframes = keyframes;
    }

    /**
     * One allocation round for {@code p}; {@code capBps} is the call's cap (0: none), {@code speakerId}
     * the dominant speaker (null: none), whose video is served first.
     */
    void run(Participant p, long capBps, String speakerId, long nowNanos) {
        List<BandwidthAllocator.Track> tracks = new ArrayList<>(p.consumers.size());
        for (Consumer c : p.consumers) {
            tracks.add(track(p, c, c.producer.publisher.id.equals(speakerId), nowNanos));
        }
        int[] before = new int[p.consumers.size()];
        boolean[] pausedBefore = new boolean[before.length];
        for (int i = 0; i < before.length; i++) {
            before[i] = p.consumers.get(i).choice.layer;
            pausedBefore[i] = p.consumers.get(i).choice.pausedForBandwidth;
        }
        long estimate = p.linkEstimateBps();
        long sending = 0; // video this subscriber gets now, at last second's layer rates
        for (Consumer c : p.consumers) {
            if (c.producer.video && c.currentLayer >= 0) {
                sending += c.producer.layers[c.currentLayer].bitrateBps(nowNanos);
            }
        }
        boolean probe = p.linkTrend.probing(estimate, sending, nowNanos);
        long budget = probe ? Math.max(estimate, sending) : estimate;
        boolean changed = p.allocator.allocate(nowNanos, budget, capBps, p.audioOnly, tracks, probe);
        for (int i = 0; i < before.length; i++) {
            Consumer c = p.consumers.get(i);
            if (c.choice.pausedForBandwidth && !pausedBefore[i]) {
                counters.consumersPausedForBandwidth++;
            }
            int want = c.choice.layer;
            if (want >= 0 && want != c.currentLayer && c.ready() && (want != before[i] || c.currentLayer < 0)) {
                keyframes.request(c.producer, want); // the switch waits for this layer's key frame
            }
        }
        if (changed) {
            boolean paused = p.allocator.videoPausedForBandwidth();
            LOG.info("{}: video {} for bandwidth (estimate {} bit/s)", p.id, paused ? "paused" : "resumed", estimate);
            try {
                p.listener.onVideoPausedForBandwidth(p.id, paused, estimate);
            } catch (RuntimeException e) {
                LOG.warn("listener of {} failed: {}", p.id, e.toString());
            }
        }
    }

    private static BandwidthAllocator.Track track(Participant p, Consumer c, boolean speaker, long nowNanos) {
        ProducerStream[] layers = c.producer.layers;
        long[] bps = new long[layers.length];
        int[] heights = new int[layers.length];
        for (int l = 0; l < layers.length; l++) {
            bps[l] = layers[l].bitrateBps(nowNanos);
            heights[l] = layers[l].height;
        }
        Integer max = p.preferredHeights.get(c.producer.id);
        return new BandwidthAllocator.Track(
                c.producer.video, bps, heights, max == null ? Integer.MAX_VALUE : max, speaker, c.choice);
    }

    static ConsumerStats stats(Consumer c) {
        return new ConsumerStats(
                c.subscriber.id,
                c.producer.id,
                c.producer.track.kind(),
                c.wantedLayer(),
                c.currentLayer,
                c.currentLayer >= 0 ? c.producer.layers[c.currentLayer].height : 0,
                c.choice.bitrateBps,
                c.choice.pausedForBandwidth,
                c.subscriber.linkEstimateBps());
    }
}
