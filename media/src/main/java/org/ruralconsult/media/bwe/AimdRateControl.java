package org.ruralconsult.media.bwe;

/**
 * The delay-based rate: additive-increase / multiplicative-decrease driven by the over-use signal.
 * Over-use: 0.85 × the acknowledged rate. Normal: increase, by 8 % a second while far from the link
 * capacity seen at earlier decreases, by about one packet per response time when near it; never above
 * 1.5 × the acknowledged rate + 10 kbit/s (an idle sender learns nothing about the link). Under-use: hold,
 * the queues drain.
 *
 * <pre>
 *             normal     over-use   under-use
 *  hold       increase   decrease   hold
 *  increase   increase   decrease   hold
 *  decrease   hold       decrease   hold
 * </pre>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-5.5">draft-ietf-rmcat-gcc-02 §5.5</a>
 */
final class AimdRateControl {
    private static final double BETA = 0.85;
    private static final double RESPONSE_TIME_S = 0.2; // 100 ms + an assumed 100 ms round trip
    private static final double PACKET_BITS = 1200 * 8;

    private enum State {
        HOLD,
        INCREASE,
        DECREASE
    }

    private long estimate;
    private State state = State.HOLD;
    private long lastUpdateNanos = Long.MIN_VALUE;
    /** Link capacity seen at decreases (kbit/s), averaged; -1 unknown. */
    private double capacityKbps = -1;

    private double capacityVariance = 0.4;

    AimdRateControl(long startBps) {
        this.estimate = startBps;
    }

    long estimate() {
        return estimate;
    }

    /** A probe or the loss-based part moved the rate; the controller goes on from there. */
    void set(long bps) {
        estimate = bps;
    }

    long update(BandwidthUsage usage, long ackedBps, long nowNanos) {
        double dt = lastUpdateNanos == Long.MIN_VALUE ? 0 : Math.min((nowNanos - lastUpdateNanos) / 1e9, 1.0);
        lastUpdateNanos = nowNanos;
        switch (usage) {
            case OVERUSING -> state = State.DECREASE;
            case UNDERUSING -> state = State.HOLD;
            case NORMAL -> state = state == State.DECREASE ? State.HOLD : State.INCREASE;
        }
        if (state == State.INCREASE) {
            if (capacityKbps >= 0 && ackedBps / 1000.0 > capacityKbps + 3 * capacityStd()) {
                capacityKbps = -1; // the link got faster than what we learnt
            }
            long next;
            if (capacityKbps >= 0 && Math.abs(estimate / 1000.0 - capacityKbps) <= 3 * capacityStd()) {
                next = estimate + (long) Math.max(1000 * dt, PACKET_BITS / RESPONSE_TIME_S * dt);
            } else {
                next = (long) (estimate * Math.pow(1.08, dt));
            }
            if (ackedBps > 0) {
                next = Math.min(next, (long) (1.5 * ackedBps) + 10_000);
            }
            estimate = Math.max(estimate, next);
        } else if (state == State.DECREASE && ackedBps > 0) {
            long next = (long) (BETA * ackedBps);
            if (next < estimate) {
                estimate = next;
            }
            learnCapacity(ackedBps / 1000.0);
        }
        return estimate;
    }

    private void learnCapacity(double kbps) {
        if (capacityKbps < 0) {
            capacityKbps = kbps;
        } else {
            capacityKbps = 0.95 * capacityKbps + 0.05 * kbps;
        }
        double norm = Math.max(capacityKbps, 1.0);
        capacityVariance = 0.95 * capacityVariance + 0.05 * (capacityKbps - kbps) * (capacityKbps - kbps) / norm;
        capacityVariance = Math.max(0.4, Math.min(2.5, capacityVariance));
    }

    private double capacityStd() {
        return Math.sqrt(capacityVariance * Math.max(capacityKbps, 1.0));
    }
}
