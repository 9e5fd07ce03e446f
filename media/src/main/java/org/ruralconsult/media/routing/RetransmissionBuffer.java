package org.ruralconsult.media.routing;

/**
 * The last packets of one video stream, by sequence number, as received (decrypted, publisher's
 * header), to answer NACKs with RTX. Slots are allocated once and reused: no allocation per
 * packet once warm; a worker's {@link RetransmissionBufferPool} hands the whole buffer on to a later
 * stream.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4588">RFC 4588 RTX</a>
 */
final class RetransmissionBuffer {
    static final int SLOTS = 512;
    private static final long MAX_AGE_NANOS = 2_000_000_000L;

    private final byte[][] data = new byte[SLOTS][];
    private final int[] seqs = new int[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private final long[] times = new long[SLOTS];

    RetransmissionBuffer() {
        clear();
    }

    /** Forgets every packet (slots stay allocated for the next stream). */
    void clear() {
        java.util.Arrays.fill(seqs, -1);
        java.util.Arrays.fill(lengths, 0);
        java.util.Arrays.fill(times, 0L);
    }

    void store(byte[] src, int off, int len, int seq, long nowNanos) {
        int i = seq & (SLOTS - 1);
        byte[] slot = data[i];
        if (slot == null || slot.length < len) {
            slot = data[i] = new byte[Math.max(len, 1500)];
        }
        System.arraycopy(src, off, slot, 0, len);
        seqs[i] = seq;
        lengths[i] = len;
        times[i] = nowNanos;
    }

    /** Slot index holding {@code seq}, or -1. */
    int find(int seq, long nowNanos) {
        int i = seq & (SLOTS - 1);
        return seqs[i] == seq && nowNanos - times[i] < MAX_AGE_NANOS ? i : -1;
    }

    byte[] data(int slot) {
        return data[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }
}
