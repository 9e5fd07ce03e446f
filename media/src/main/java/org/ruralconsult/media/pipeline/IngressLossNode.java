package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.srtp.PacketScratch;

/**
 * Test hook: drops a fixed share of incoming RTP after decryption, as if the network had lost it,
 * so that NACK and RTX paths run in tests. Off (0) in production. Deterministic xorshift, no
 * allocation.
 */
public final class IngressLossNode implements PacketNode {
    private final PacketCounters counters;
    private final int threshold;
    private int state = 0x9E3779B9;

    public IngressLossNode(PacketCounters counters, double lossFraction) {
        this.counters = counters;
        this.threshold = (int) Math.round(Math.max(0, Math.min(1, lossFraction)) * 10_000);
    }

    @Override
    public boolean process(PacketScratch p) {
        if (threshold == 0) {
            return true;
        }
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        if (Integer.remainderUnsigned(state, 10_000) < threshold) {
            counters.drop(DropReason.INGRESS_LOSS_TEST);
            return false;
        }
        return true;
    }
}
