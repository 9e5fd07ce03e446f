package org.ruralconsult.media.bwe;

/**
 * What one probe cluster showed: the receive rate (bytes after the first over the arrival span) and the send
 * rate (bytes before the last over the send span) of everything sent from the cluster's first to its last
 * packet, media forwarded meanwhile included (the relay does not pace: media and padding interleave); the
 * link carried at least the smaller one. Valid once at least 5 of the cluster's packets and 80 % of those
 * sent were reported received.
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02#section-5">draft-ietf-rmcat-gcc-02 §5</a> (probing is
 *     libwebrtc's addition, described in its probe_bitrate_estimator)
 */
final class ProbeMeasurement {
    private static final int MIN_PACKETS = 5;

    private int cluster = -1;
    private int firstSeq;
    private int span;
    private int sentPackets;
    private int probePackets;
    private int packets;
    private long bytes;
    private long firstArrival;
    private long lastArrival;
    private int firstArrivalSize;
    private long firstSend;
    private long lastSend;
    private int lastSendSize;

    /** The cluster went out as transport sequence numbers {@code firstSeq..lastSeq} (media between included). */
    void start(int clusterId, int firstSeq, int lastSeq, int packetsSent) {
        cluster = clusterId;
        this.firstSeq = firstSeq;
        this.span = (lastSeq - firstSeq) & 0xffff;
        sentPackets = packetsSent;
        probePackets = 0;
        packets = 0;
        bytes = 0;
    }

    int cluster() {
        return cluster;
    }

    void add(int seq, int clusterId, long sendNanos, long arrivalNanos, int size) {
        if (cluster < 0 || ((seq - firstSeq) & 0xffff) > span) {
            return;
        }
        if (clusterId == cluster) {
            probePackets++;
        }
        if (packets == 0) {
            firstArrival = lastArrival = arrivalNanos;
            firstSend = lastSend = sendNanos;
            firstArrivalSize = size;
            lastSendSize = size;
        } else {
            if (arrivalNanos < firstArrival) {
                firstArrival = arrivalNanos;
                firstArrivalSize = size;
            }
            lastArrival = Math.max(lastArrival, arrivalNanos);
            firstSend = Math.min(firstSend, sendNanos);
            if (sendNanos >= lastSend) {
                lastSend = sendNanos;
                lastSendSize = size;
            }
        }
        packets++;
        bytes += size;
    }

    /** The measured rate in bits/s when the cluster is complete enough, else 0. */
    long result() {
        if (cluster < 0 || probePackets < MIN_PACKETS || probePackets < 0.8 * sentPackets) {
            return 0;
        }
        long arrivalSpan = lastArrival - firstArrival;
        if (arrivalSpan <= 0) {
            return 0;
        }
        long receive = (bytes - firstArrivalSize) * 8 * 1_000_000_000L / arrivalSpan;
        long sendSpan = lastSend - firstSend;
        if (sendSpan <= 0) {
            return receive; // sent as one burst: the bottleneck spread it, the receive rate is the measure
        }
        long send = (bytes - lastSendSize) * 8 * 1_000_000_000L / sendSpan;
        return Math.min(send, receive);
    }

    void finish() {
        cluster = -1;
    }
}
