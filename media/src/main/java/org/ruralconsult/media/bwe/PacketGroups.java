package org.ruralconsult.media.bwe;

/**
 * Pre-filtering of GCC: packets sent within 5 ms of a group's first packet form one group (a video frame,
 * a burst); a packet that arrives less than 5 ms after the group's last with a negative delay change joins
 * it too (a burst released by the network). For each completed group, the send-time and arrival-time
 * differences to the previous group give the inter-group delay variation d(i).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-5.2">draft-ietf-rmcat-gcc-02 §5.2</a>
 */
final class PacketGroups {
    static final long GROUP_NANOS = 5_000_000L;

    private long firstSend = Long.MIN_VALUE;
    private long lastSend;
    private long lastArrival;
    private boolean hasPrevious;
    private long previousSend;
    private long previousArrival;
    private long sendDelta;
    private long arrivalDelta;

    /** Adds a received packet; true when a group completed and {@link #sendDelta}/{@link #arrivalDelta} are new. */
    boolean add(long sendNanos, long arrivalNanos) {
        if (firstSend == Long.MIN_VALUE) {
            start(sendNanos, arrivalNanos);
            return false;
        }
        if (sendNanos < firstSend) {
            return false; // reordered into an earlier group: ignored
        }
        boolean sameGroup = sendNanos - firstSend <= GROUP_NANOS;
        long sinceLastArrival = arrivalNanos - lastArrival;
        if (!sameGroup
                && sinceLastArrival >= 0
                && sinceLastArrival < GROUP_NANOS
                && sinceLastArrival - (sendNanos - lastSend) < 0) {
            sameGroup = true; // burst
        }
        if (sameGroup) {
            lastSend = Math.max(lastSend, sendNanos);
            lastArrival = Math.max(lastArrival, arrivalNanos);
            return false;
        }
        boolean completed = false;
        if (hasPrevious) {
            sendDelta = lastSend - previousSend;
            arrivalDelta = lastArrival - previousArrival;
            completed = true;
        }
        previousSend = lastSend;
        previousArrival = lastArrival;
        hasPrevious = true;
        start(sendNanos, arrivalNanos);
        return completed;
    }

    private void start(long sendNanos, long arrivalNanos) {
        firstSend = sendNanos;
        lastSend = sendNanos;
        lastArrival = arrivalNanos;
    }

    long sendDelta() {
        return sendDelta;
    }

    long arrivalDelta() {
        return arrivalDelta;
    }

    /** Arrival time of the last completed group's last packet. */
    long completedArrival() {
        return previousArrival;
    }
}
