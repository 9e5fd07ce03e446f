package org.ruralconsult.benchjmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.routing.Router;
import org.ruralconsult.media.routing.RouterAccess;
import org.ruralconsult.media.routing.RouterListener;
import org.ruralconsult.media.routing.RouterStats;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;
import org.ruralconsult.media.srtp.SrtpSession;
import org.ruralconsult.media.testing.CountingOutput;
import org.ruralconsult.media.testing.SdpFixtures;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * The whole per-packet path of the relay for one incoming SRTP video packet delivered to
 * {@code subscribers} participants, through media's real classes: a {@link MediaRelay} with one
 * {@link Worker}, a {@link Router} with one publisher and N subscribers negotiated by SDP, real
 * WebRtcTransports. Each packet goes in at {@link Worker#onDatagram} (RFC 7983 demux, copy into
 * the worker's scratch, SRTP unprotect with replay check, RTP check), through the Forwarder
 * (producer lookup, receive statistics, retransmission buffer, key frame check) and, per
 * subscriber, the RtpRewriter, SRTP protect and a pooled direct buffer handed to the worker's
 * {@link DatagramOutput}. One operation = one incoming packet (so N packets out). N = 2 is a
 * three-way consult.
 *
 * <p>Left out, because they need the network: the UDP socket read (recvmmsg) and write
 * (sendmmsg), Netty's {@code DatagramPacket} envelopes, and DTLS. The transports are keyed with
 * the media test hook {@code installKeysForTest} (as media's ForwardingAllocationTest does), and the
 * worker's output is replaced by one that counts and releases each datagram. The relay still binds
 * its UDP port on 127.0.0.1 but nothing is sent to it.
 *
 * <p>Threads: everything runs on the worker's own event-loop thread, as in production (Netty's
 * pooled allocator keeps its per-thread cache only on such threads). Each invocation hands the
 * worker a batch of {@value #BATCH} packets and parks until it is done, flushing every 16 packets
 * like one recvmmsg batch; the hand-off (one task, one unpark) is within the measured time and
 * allocates nothing per packet. The router's own timers (receiver reports every second, consent
 * sweep) run on that thread meanwhile, as they would.
 *
 * <p>Replay window: as in {@link SrtpSessionBench}, the packets are a ring of {@value #RING}
 * protected once per trial by a browser-side session; when the ring comes round the publisher's
 * transport is keyed again (a new receiving SrtpSession, which also makes the router ask for a key
 * frame), inside the measured time. Netty's leak detector is off in the forked JVM, as in
 * ForwardingAllocationTest: its sampling (1 buffer in 128 by default) allocates a tracking record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(FanOutBench.BATCH)
@Fork(jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class FanOutBench {
    static final int BATCH = 1024;
    static final int RING = 1 << 16;
    private static final int STRIDE = 1280;
    private static final int AUDIO_SSRC = 0x11110001;
    private static final int VIDEO_SSRC = 0x0badcafe;
    private static final int RTX_SSRC = 0x0badcaff;
    private static final long SEED = 23;

    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public SrtpProfile profile;

    @Param({"OpenSSL", "SunJCE"})
    public String aes;

    @Param({"2", "8"})
    public int subscribers;

    private MediaRelay relay;
    private Router router;
    private Worker worker;
    private WebRtcTransport publisher;
    private SrtpKeys publisherKeys;
    private final CountingOutput out = new CountingOutput();
    private final InetSocketAddress publisherAddress = new InetSocketAddress("127.0.0.1", 40000);
    private ByteBuf ringMemory;
    private final ByteBuf[] ring = new ByteBuf[RING];
    private final Runnable batch = this::runBatch;
    private volatile Thread caller;
    private volatile int batchesDone;
    private volatile Throwable failure;
    private int next;
    private long laps;

    @Setup(Level.Trial)
    public void setUp() {
        MediaPackets.useAes(aes);
        relay = MediaRelay.start(MediaOptions.defaults()
                .withWorkers(1)
                .withBind("127.0.0.1", 0)
                .withConsentTimeoutMillis(TimeUnit.DAYS.toMillis(1))); // no STUN comes: keep transports
        router = relay.createRouter("bench");
        RouterListener quiet = participant -> {};
        router.join("publisher", quiet).join();
        router.publish(
                        "publisher",
                        SdpFixtures.publishOffer(
                                "pubUfrag", "pubPasswordPubPasswordPub", AUDIO_SSRC, VIDEO_SSRC, RTX_SSRC))
                .join();
        for (int s = 0; s < subscribers; s++) {
            String id = "subscriber" + s;
            router.join(id, quiet).join();
            String offer = router.subscribeOffer(id).join();
            router.subscribeAnswer(
                            id, SdpFixtures.subscribeAnswer(offer, "sub" + s + "Ufrag", "sub" + s + "PasswordSubPwd"))
                    .join();
        }
        worker = router.worker();
        publisherKeys = MediaPackets.relayKeys(profile, SEED);
        worker.submit(() -> {
                    worker.output(out);
                    publisher = RouterAccess.transport(router, "publisher", true);
                    publisher.installKeysForTest(publisherKeys, publisherAddress);
                    for (int s = 0; s < subscribers; s++) {
                        RouterAccess.transport(router, "subscriber" + s, false)
                                .installKeysForTest(
                                        MediaPackets.relayKeys(profile, SEED + 1 + s),
                                        new InetSocketAddress("127.0.0.1", 40001 + s));
                    }
                    return null;
                })
                .join();
        byte[][] packets;
        try (SrtpSession browser = new SrtpSession(MediaPackets.peerKeys(profile, SEED))) {
            packets = MediaPackets.protectedStream(browser, VIDEO_SSRC, MediaPackets.VIDEO_MID, RING);
        }
        // one direct buffer with a slice per datagram, like recvmmsg's slices of a pooled buffer
        ringMemory = Unpooled.directBuffer(RING * STRIDE);
        for (int i = 0; i < RING; i++) {
            ringMemory.setBytes(i * STRIDE, packets[i]);
            ring[i] = ringMemory.slice(i * STRIDE, packets[i].length);
        }
    }

    @Benchmark
    public void fanOut() {
        caller = Thread.currentThread();
        int target = batchesDone + 1;
        worker.execute(batch);
        while (batchesDone != target) {
            LockSupport.park(this);
        }
        if (failure != null) {
            throw new IllegalStateException("batch failed on the worker", failure);
        }
    }

    /** On the worker thread: what DatagramInbound does for a read batch, minus the socket. */
    private void runBatch() {
        try {
            for (int k = 0; k < BATCH; k++) {
                if (next == RING) {
                    // the ring starts over: a fresh replay window for the publisher (class comment)
                    publisher.installKeysForTest(publisherKeys, publisherAddress);
                    next = 0;
                    laps++;
                }
                worker.onDatagram(ring[next++], publisherAddress);
                if ((k & 15) == 15) {
                    worker.output().flush();
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            batchesDone = batchesDone + 1; // only this thread writes it
            LockSupport.unpark(caller);
        }
    }

    /** Fails the run if packets were dropped or not forwarded to every subscriber. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            RouterStats stats = router.stats().join();
            long[] sent =
                    worker.submit(() -> new long[] {out.datagrams(), laps}).join();
            System.out.printf(
                    "%n[fanOut check] %d packets in, %d forwarded, %d datagrams out, %d ring laps, drops %s%n",
                    stats.packetsIn(), stats.rtpForwarded(), sent[0], sent[1], stats.drops());
            if (!stats.drops().isEmpty() || stats.rtpForwarded() != stats.packetsIn() * subscribers) {
                throw new IllegalStateException("not every packet was forwarded to every subscriber: " + stats);
            }
        } finally {
            relay.close();
            ringMemory.release();
        }
    }
}
