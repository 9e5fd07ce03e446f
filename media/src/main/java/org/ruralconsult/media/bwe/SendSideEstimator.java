package org.ruralconsult.media.bwe;

import org.ruralconsult.media.rtcp.TransportCcFeedback;

/**
 * The relay's estimate of one subscriber's downlink, from the transport-wide feedback of what the relay
 * sent it (Google Congestion Control, send-side variant): inter-group delay variation → trendline filter →
 * over-use detector → AIMD rate, and a loss-based limit; the estimate is the smaller, clamped to
 * [min, max] and to the call's cap. When the allocator wants more than the estimate, the relay sends a
 * probe cluster (padding at 1.5–2× the estimate for about 15 ms) and takes the rate at which it arrived, at
 * most the cluster's target. The next probe comes 0.5 s later when one reached most of its target and media
 * fills at least half the estimate, else 5 s later; when over-use follows a probe's raise while less than
 * 70 % of it arrives (the link never carried it: a token bucket passes a short burst at line rate), probes
 * back off, 5 then 10 s apart, until a raise holds for 5 s.
 * Time is passed in; worker thread only; allocation-free.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02">draft-ietf-rmcat-gcc-02</a>
 */
public final class SendSideEstimator {
    public static final long DEFAULT_START_BPS = 300_000;
    public static final long DEFAULT_MIN_BPS = 30_000;
    public static final long DEFAULT_MAX_BPS = 20_000_000;
    /** How long a probe cluster lasts. */
    public static final long PROBE_DURATION_NANOS = 15_000_000L;

    private static final long PROBE_TIMEOUT_NANOS = 1_000_000_000L;
    private static final long PROBE_AGAIN_NANOS = 500_000_000L;
    private static final long PROBE_RETRY_NANOS = 5_000_000_000L;
    private static final long PROBE_BACKOFF_MAX_NANOS = 10_000_000_000L;
    /** A probe's raise that sees no over-use for this long held. */
    private static final long PROBE_HELD_NANOS = 5_000_000_000L;

    private final long minBps;
    private final long maxBps;
    private final PacketGroups groups = new PacketGroups();
    private final TrendlineFilter trendline = new TrendlineFilter();
    private final OveruseDetector detector = new OveruseDetector();
    private final AcknowledgedBitrate acknowledged = new AcknowledgedBitrate();
    private final AimdRateControl aimd;
    private final LossBasedControl loss = new LossBasedControl();
    private final ProbeMeasurement probe = new ProbeMeasurement();
    private long estimate;
    private long capBps;
    private long desiredBps;
    private boolean feedbackSeen;
    private int nextCluster;
    private long probeStartNanos;
    private long probeTargetBps;
    private long nextProbeNanos = Long.MIN_VALUE;
    private long probeRaisedNanos = Long.MIN_VALUE;
    private long probeBackoffNanos;
    private long probeRaisedBps;
    private long feedbackCount;
    private long probesSent;

    public SendSideEstimator() {
        this(DEFAULT_START_BPS, DEFAULT_MIN_BPS, DEFAULT_MAX_BPS);
    }

    public SendSideEstimator(long startBps, long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.aimd = new AimdRateControl(startBps);
        this.estimate = startBps;
    }

    /**
     * One feedback message about packets recorded in {@code history}; packets unknown to it (older than its
     * ring, or reported before) are skipped.
     */
    public void onFeedback(TransportCcFeedback fb, SentPacketHistory history, long nowNanos) {
        int lost = 0;
        int total = 0;
        BandwidthUsage usage = detector.state();
        for (int i = 0, n = fb.count(); i < n; i++) {
            int seq = fb.sequence(i);
            if (!history.contains(seq) || !history.acknowledge(seq)) {
                continue;
            }
            total++;
            if (!fb.received(i)) {
                lost++;
                continue;
            }
            long arrival = fb.arrivalMicros(i) * 1000;
            long send = history.sendNanos(seq);
            int size = history.size(seq);
            acknowledged.add(arrival, size);
            probe.add(seq, history.cluster(seq), send, arrival, size);
            if (groups.add(send, arrival)) {
                double sendDeltaMs = groups.sendDelta() / 1e6;
                double variation = (groups.arrivalDelta() - groups.sendDelta()) / 1e6;
                double trend = trendline.update(variation, groups.completedArrival());
                usage = detector.detect(trend, sendDeltaMs, nowNanos);
            }
        }
        if (total == 0) {
            return;
        }
        feedbackSeen = true;
        feedbackCount++;
        loss.onPackets(lost, total);
        long ackedBps = acknowledged.bitsPerSecond();
        long delayBased = aimd.update(usage, ackedBps, nowNanos);
        if (usage == BandwidthUsage.OVERUSING && probeRaisedNanos != Long.MIN_VALUE) {
            if (ackedBps < 0.7 * probeRaisedBps) {
                // over-use well below what a probe said: the link never carried it (a token bucket lets a
                // short burst through at line rate): probe less often, until a raise holds
                probeBackoffNanos =
                        Math.min(Math.max(PROBE_RETRY_NANOS, 2 * probeBackoffNanos), PROBE_BACKOFF_MAX_NANOS);
                nextProbeNanos = Math.max(nextProbeNanos, nowNanos + probeBackoffNanos);
            }
            probeRaisedNanos = Long.MIN_VALUE;
        } else if (probeRaisedNanos != Long.MIN_VALUE && nowNanos - probeRaisedNanos >= PROBE_HELD_NANOS) {
            probeBackoffNanos = 0; // the raise held
            probeRaisedNanos = Long.MIN_VALUE;
        }
        // a probe measures at most what it was sent to measure: a burst that arrived faster says nothing more
        long probed = Math.min(probe.result(), probeTargetBps);
        if (probed > 0) {
            if (probed > delayBased && usage != BandwidthUsage.OVERUSING) {
                delayBased = Math.min(probed, maxBps);
                aimd.set(delayBased);
                probeRaisedNanos = nowNanos;
                probeRaisedBps = delayBased;
            }
            // a probe that reached most of its target suggests more room: probe again soon, unless the media
            // sent does not use what the estimate already allows (application-limited: then the next probe
            // would only stack on a raise no media has tested) or earlier raises did not hold
            boolean reached = probed >= 0.7 * probeTargetBps;
            boolean limited = ackedBps > 0 && ackedBps < 0.5 * estimate; // estimate: before this feedback
            long wait = reached && !limited ? PROBE_AGAIN_NANOS : PROBE_RETRY_NANOS;
            nextProbeNanos = nowNanos + Math.max(wait, probeBackoffNanos);
            probe.finish();
        } else if (probe.cluster() >= 0 && nowNanos - probeStartNanos > PROBE_TIMEOUT_NANOS) {
            probe.finish();
            nextProbeNanos = nowNanos + PROBE_RETRY_NANOS;
        }
        long lossLimit = loss.update(estimate, delayBased, nowNanos);
        long next = Math.min(delayBased, lossLimit);
        if (next < delayBased && lossLimit < aimd.estimate()) {
            aimd.set(Math.max(lossLimit, minBps)); // the delay-based part starts again from where loss put it
        }
        estimate = clamp(next);
    }

    private long clamp(long bps) {
        long v = Math.max(minBps, Math.min(maxBps, bps));
        return capBps > 0 ? Math.min(v, capBps) : v;
    }

    /** The current estimate in bits per second; 0 until the first feedback. */
    public long estimate() {
        return feedbackSeen ? clamp(estimate) : 0;
    }

    /** What the allocator would send if the link allowed it; more than the estimate makes the relay probe. */
    public void desiredBitrate(long bps) {
        desiredBps = bps;
    }

    /** Most bits per second to send (metered links, {@code Router.capBitrate}); 0: none. */
    public void cap(long bps) {
        capBps = bps;
    }

    /**
     * Whether to send a probe cluster now; if so returns its size in bytes (what 15 ms at the probe rate
     * carry) and {@link #probeCluster()} names it, else 0. The caller sends it marked with that cluster in
     * its {@link SentPacketHistory} and reports with {@link #probeSent}.
     */
    public int probeBytesDue(long nowNanos) {
        long current = estimate();
        if (!feedbackSeen || desiredBps <= current * 1.05 || probe.cluster() >= 0 || nowNanos < nextProbeNanos) {
            return 0;
        }
        if (capBps > 0 && current >= capBps) {
            return 0;
        }
        long target = Math.max((long) (1.5 * current), Math.min(desiredBps, 2 * current));
        target = Math.min(target, maxBps);
        if (capBps > 0) {
            target = Math.min(target, capBps);
        }
        probeTargetBps = target;
        probeStartNanos = nowNanos;
        nextCluster = (nextCluster + 1) & 0x7fffffff;
        return (int) (target * PROBE_DURATION_NANOS / 8 / 1_000_000_000L);
    }

    /** Id of the cluster last asked for by {@link #probeBytesDue}. */
    public int probeCluster() {
        return nextCluster;
    }

    /** Target rate of the cluster last asked for. */
    public long probeTargetBps() {
        return probeTargetBps;
    }

    /**
     * The cluster asked for went out as {@code packets} packets with transport sequence numbers from
     * {@code firstSeq} to {@code lastSeq} (media sent meanwhile may lie between).
     */
    public void probeSent(int firstSeq, int lastSeq, int packets, long nowNanos) {
        probe.start(nextCluster, firstSeq, lastSeq, packets);
        probeStartNanos = nowNanos;
        probesSent++;
    }

    /** Feedback messages that reported at least one known packet. */
    public long feedbackCount() {
        return feedbackCount;
    }

    public long probesSent() {
        return probesSent;
    }
}
