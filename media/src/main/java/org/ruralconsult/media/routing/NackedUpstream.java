package org.ruralconsult.media.routing;

/**
 * Sequence numbers of one incoming stream that the relay NACKed upstream lately, so that only the
 * publisher's RTX packets answering them are forwarded (RFC 4588 §4). The publisher's other RTX is its
 * own bandwidth probing: libwebrtc probes with old media packets sent again on the RTX stream, and
 * forwarding those to every subscriber spent several times the media's bandwidth on thin links (seen in
 * SimulcastCallTest: ≈62 000 RTX against ≈11 000 media packets forwarded). Fixed arrays, no allocation.
 */
final class NackedUpstream {
    private static final int SIZE = 512;
    /** A NACKed packet that has not come back within this time is not waited for any more. */
    private static final long MAX_AGE_NANOS = 2_000_000_000L;

    private final int[] seqs = new int[SIZE];
    private final long[] nanos = new long[SIZE];

    void mark(int seq, long nowNanos) {
        int i = seq & (SIZE - 1);
        seqs[i] = seq + 1; // 0 is an empty slot
        nanos[i] = nowNanos;
    }

    /** Whether {@code seq} was NACKed upstream lately; a true answer is given once per NACK. */
    boolean take(int seq, long nowNanos) {
        int i = seq & (SIZE - 1);
        if (seqs[i] == seq + 1 && nowNanos - nanos[i] < MAX_AGE_NANOS) {
            seqs[i] = 0;
            return true;
        }
        return false;
    }
}
