package org.ruralconsult.media.bwe;

import java.util.ArrayDeque;
import java.util.Random;
import org.ruralconsult.media.rtcp.RtcpException;
import org.ruralconsult.media.rtcp.TransportCcFeedback;

/**
 * A simulated path for the estimator's unit tests, stepped in 1 ms: a sender that sends video frames at
 * the estimate (every 33 ms, 1200-byte packets) and the probe clusters the estimator asks for, a bottleneck
 * of a given capacity with a drop-tail queue and random loss, 20 ms each way, and a receiver writing real
 * transport-cc feedback ({@link ArrivalFeedback}) every 100 ms that the sender decodes
 * ({@link TransportCcFeedback}) and feeds to the estimator. Time is simulated; nothing sleeps.
 */
final class LinkModel {
    static final long MS = 1_000_000L;
    private static final long ONE_WAY = 20 * MS;

    final SendSideEstimator estimator = new SendSideEstimator();
    final SentPacketHistory history = new SentPacketHistory();
    private final ArrivalFeedback receiver = new ArrivalFeedback();
    private final TransportCcFeedback decoded = new TransportCcFeedback();
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Object[]> feedbackInFlight = new ArrayDeque<>();
    private final Random random = new Random(42);
    long capacityBps;
    double lossRate;
    /** Loss in bursts (Gilbert–Elliott, every packet lost in the bad state): P(good→bad); 0 for none. */
    double burstEnterRate;
    /** P(bad→good): 1 / mean burst length in packets. */
    double burstLeaveRate = 1;

    private boolean inBurst;
    long maxQueueNanos = 300 * MS;
    long desiredBps = 2_500_000;
    long now;
    private long linkFreeAt;
    private long nextFrame;
    private long nextFeedback = 100 * MS;
    private int probeLeft;
    private int probeSize;
    private long probeGap;
    private long nextProbePacket;
    private int probeCount;
    private int probeFirstSeq;
    long sentBytes;
    long probePackets;

    LinkModel(long capacityBps, double lossRate) {
        this.capacityBps = capacityBps;
        this.lossRate = lossRate;
    }

    /** Runs until {@code untilNanos}; {@code sample} is called every 100 ms with the estimate. */
    void runUntil(long untilNanos, java.util.function.LongConsumer sample) throws RtcpException {
        for (; now < untilNanos; now += MS) {
            estimator.desiredBitrate(desiredBps);
            if (now >= nextFrame) {
                long rate = Math.min(Math.max(estimator.estimate(), SendSideEstimator.DEFAULT_START_BPS), desiredBps);
                long frameBytes = rate * 33 / 8 / 1000;
                while (frameBytes > 0) {
                    int size = (int) Math.min(1200, Math.max(frameBytes, 100));
                    send(size);
                    frameBytes -= size;
                }
                nextFrame = now + 33 * MS;
            }
            if (probeLeft == 0) {
                int bytes = estimator.probeBytesDue(now);
                if (bytes > 0) {
                    probeSize = 280; // RTP header + 255 bytes of padding, like the relay's probes
                    probeLeft = Math.max(5, bytes / probeSize);
                    probeGap = SendSideEstimator.PROBE_DURATION_NANOS / probeLeft;
                    nextProbePacket = now;
                    probeCount = probeLeft;
                    probeFirstSeq = history.nextSequence();
                }
            }
            while (probeLeft > 0 && nextProbePacket < now + MS) {
                history.probeCluster(estimator.probeCluster());
                send(probeSize);
                history.probeCluster(-1);
                probePackets++;
                probeLeft--;
                nextProbePacket += probeGap;
                if (probeLeft == 0) {
                    estimator.probeSent(probeFirstSeq, (history.nextSequence() - 1) & 0xffff, probeCount, now);
                }
            }
            while (!inFlight.isEmpty() && inFlight.peekFirst()[1] <= now) {
                long[] p = inFlight.pollFirst();
                receiver.onPacket((int) p[0], 1, p[1]);
            }
            if (now >= nextFeedback) {
                byte[] b = new byte[1500];
                int end;
                while ((end = receiver.write(b, 0, 2)) > 0) {
                    feedbackInFlight.addLast(new Object[] {now + ONE_WAY, b.clone(), end});
                }
                nextFeedback = now + 100 * MS;
            }
            while (!feedbackInFlight.isEmpty() && (long) feedbackInFlight.peekFirst()[0] <= now) {
                Object[] f = feedbackInFlight.pollFirst();
                decoded.parse((byte[]) f[1], 0, (int) f[2]);
                estimator.onFeedback(decoded, history, now);
            }
            if (now % (100 * MS) == 0) {
                sample.accept(estimator.estimate());
            }
        }
    }

    private void send(int size) {
        int seq = history.onSent(size, now);
        sentBytes += size;
        long start = Math.max(now, linkFreeAt);
        if (start - now > maxQueueNanos) {
            return; // queue full: tail drop
        }
        long departure = start + size * 8L * 1_000_000_000L / capacityBps;
        linkFreeAt = departure;
        if (random.nextDouble() < lossRate || lostInBurst()) {
            return;
        }
        inFlight.addLast(new long[] {seq, departure + ONE_WAY});
    }

    /** Sets loss in bursts: {@code meanLoss} of the packets, in bursts of {@code meanBurst} on average. */
    void bursts(double meanLoss, double meanBurst) {
        burstLeaveRate = 1 / meanBurst;
        burstEnterRate = meanLoss * burstLeaveRate / (1 - meanLoss);
    }

    private boolean lostInBurst() {
        if (burstEnterRate <= 0) {
            return false;
        }
        inBurst = inBurst ? random.nextDouble() >= burstLeaveRate : random.nextDouble() < burstEnterRate;
        return inBurst;
    }
}
