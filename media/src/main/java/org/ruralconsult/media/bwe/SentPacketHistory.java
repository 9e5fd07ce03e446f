package org.ruralconsult.media.bwe;

/**
 * What the relay sent on one transport, by transport sequence number: send time, size, and the probe
 * cluster it belonged to (-1: media). A fixed ring of the last 8192 packets, so feedback about older ones
 * finds nothing. Worker thread only; allocation-free.
 */
public final class SentPacketHistory {
    public static final int CAPACITY = 8192;

    private final long[] sendNanos = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private final int[] sequences = new int[CAPACITY];
    private final int[] clusters = new int[CAPACITY];
    private final boolean[] acknowledged = new boolean[CAPACITY];
    private int next;
    private int probeCluster = -1;

    /** The transport sequence number the next packet gets (16 bits). */
    public int nextSequence() {
        return next;
    }

    /** Packets sent from now on belong to this probe cluster; -1 ends it. */
    public void probeCluster(int id) {
        probeCluster = id;
    }

    /** Records a packet of {@code size} bytes sent now and returns its transport sequence number. */
    public int onSent(int size, long nowNanos) {
        int seq = next;
        int slot = seq & (CAPACITY - 1);
        sendNanos[slot] = nowNanos;
        sizes[slot] = size;
        sequences[slot] = seq;
        clusters[slot] = probeCluster;
        acknowledged[slot] = false;
        next = (seq + 1) & 0xffff;
        return seq;
    }

    /** Whether {@code seq} is still in the ring (sent and not overwritten). */
    public boolean contains(int seq) {
        int slot = seq & (CAPACITY - 1);
        int age = (next - seq) & 0xffff;
        return sequences[slot] == seq && sizes[slot] > 0 && age > 0 && age <= CAPACITY;
    }

    public long sendNanos(int seq) {
        return sendNanos[seq & (CAPACITY - 1)];
    }

    public int size(int seq) {
        return sizes[seq & (CAPACITY - 1)];
    }

    public int cluster(int seq) {
        return clusters[seq & (CAPACITY - 1)];
    }

    /** Marks {@code seq} as reported; returns false when it had been already (feedback repeated). */
    public boolean acknowledge(int seq) {
        int slot = seq & (CAPACITY - 1);
        if (acknowledged[slot]) {
            return false;
        }
        acknowledged[slot] = true;
        return true;
    }
}
