package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.WorkerMetrics;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;
import org.ruralconsult.media.srtp.SrtpSession;
import org.ruralconsult.media.testing.CountingOutput;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.SdpFixtures;
import org.ruralconsult.media.transport.ResidenceHistogram;
import org.ruralconsult.media.transport.Worker;

/**
 * The forwarding path, from an SRTP datagram handed to the worker's demultiplexer to the
 * protected datagram handed to the output (decrypt, route, rewrite, encrypt, copy into a pooled
 * direct buffer), allocates nothing per packet once warm. Measured with the JVM's per-thread
 * allocation counter on the worker thread itself.
 */
@ExtendWith(NoLeaks.class)
class ForwardingAllocationTest {
    private static final int N = 20_000;

    @Test
    void forwardingAllocatesNothingPerPacketOnceWarm() throws Exception {
        java.util.Map<SrtpProfile, double[]> perPacket = new java.util.EnumMap<>(SrtpProfile.class);
        for (SrtpProfile profile : SrtpProfile.values()) {
            double total = measure(profile);
            double crypto = measureSrtpAlone(profile);
            perPacket.put(profile, new double[] {total, crypto});
            System.out.printf(
                    "%s (%s): %.3f bytes allocated per forwarded packet, of which jitsi-srtp alone %.3f, relay %.3f%n",
                    profile, SrtpSession.aesImplementation(), total, crypto, total - crypto);
        }
        perPacket.forEach((profile, bytes) -> {
            assertTrue(bytes[0] - bytes[1] < 1.0, profile + ": relay code allocates " + (bytes[0] - bytes[1]));
            // jitsi-srtp itself: a capturing lambda per unprotect; AES-CM adds an HMAC result array
            assertTrue(bytes[1] < 256, profile + ": jitsi-srtp allocates " + bytes[1]);
        });
    }

    private double measure(SrtpProfile profile) throws Exception {
        try (MediaRelay relay =
                MediaRelay.start(MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0))) {
            Router router = relay.createRouter("alloc");
            RouterListener quiet = id -> {};
            router.join("alice", quiet).get(60, TimeUnit.SECONDS);
            router.join("bob", quiet).get(60, TimeUnit.SECONDS);
            router.publish(
                            "alice",
                            SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", 1111, 2222, 3333))
                    .get(60, TimeUnit.SECONDS);
            String offer = router.subscribeOffer("bob").get(60, TimeUnit.SECONDS);
            router.subscribeAnswer("bob", SdpFixtures.subscribeAnswer(offer, "bobUfrag", "bobPasswordBobPasswordBob"))
                    .get(60, TimeUnit.SECONDS);

            byte[] material = new byte[SrtpKeys.materialLength(profile)];
            for (int i = 0; i < material.length; i++) {
                material[i] = (byte) (i * 7 + 1);
            }
            SrtpKeys relayKeys = SrtpKeys.split(profile, material, false);
            SrtpKeys clientKeys = SrtpKeys.split(profile, material, true);
            InetSocketAddress aliceAddress = new InetSocketAddress("127.0.0.1", 40000);
            InetSocketAddress bobAddress = new InetSocketAddress("127.0.0.1", 40001);
            Worker worker = router.worker();
            CountingOutput out = new CountingOutput();
            out.watch(bobAddress); // alice gets transport-cc feedback (one per 100 packets) besides
            worker.submit(() -> {
                        worker.output(out);
                        router.transportOf("alice", true).installKeysForTest(relayKeys, aliceAddress);
                        router.transportOf("bob", false).installKeysForTest(relayKeys, bobAddress);
                        return null;
                    })
                    // the JVM's first SRTP session loads jitsi-srtp's OpenSSL binding: seen over 5 s on a loaded
                    // machine
                    .get(60, TimeUnit.SECONDS);

            List<ByteBuf> warm = packets(clientKeys, 0, 3 * N); // enough for C2 to compile the path
            List<ByteBuf> measured = packets(clientKeys, 3 * N, N);
            long outBefore = worker.submit(() -> out.datagrams()).get();
            long[] result = worker.submit(() -> {
                        run(worker, warm, aliceAddress);
                        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
                        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED); // its records allocate
                        long sent0 = out.datagramsToWatched();
                        long before = threads.getCurrentThreadAllocatedBytes();
                        run(worker, measured, aliceAddress);
                        long after = threads.getCurrentThreadAllocatedBytes();
                        ResourceLeakDetector.setLevel(level);
                        return new long[] {after - before, out.datagramsToWatched() - sent0};
                    })
                    .get(60, TimeUnit.SECONDS);
            worker.submit(() -> {
                        worker.output(null);
                        return null;
                    })
                    .get();
            assertEquals(N, result[1], "every measured packet is forwarded to bob once");
            assertTrue(out.datagrams() - outBefore >= 2L * N);
            return (double) result[0] / N;
        }
    }

    /**
     * The same path over real UDP sockets, Netty included (recvmmsg, DatagramPacket and sender
     * address per received datagram, one envelope per write): recorded, bounded loosely.
     */
    @Test
    void wholeWorkerPathOverUdpIsMeasured() throws Exception {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        try (MediaRelay relay =
                        MediaRelay.start(MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0));
                java.net.DatagramSocket alice =
                        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                java.net.DatagramSocket bob =
                        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Router router = relay.createRouter("alloc-udp");
            RouterListener quiet = id -> {};
            router.join("alice", quiet).get(60, TimeUnit.SECONDS);
            router.join("bob", quiet).get(60, TimeUnit.SECONDS);
            router.publish(
                            "alice",
                            SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", 1111, 2222, 3333))
                    .get(60, TimeUnit.SECONDS);
            String offer = router.subscribeOffer("bob").get(60, TimeUnit.SECONDS);
            router.subscribeAnswer("bob", SdpFixtures.subscribeAnswer(offer, "bobUfrag", "bobPasswordBobPasswordBob"))
                    .get(60, TimeUnit.SECONDS);
            byte[] material = new byte[SrtpKeys.materialLength(profile)];
            for (int i = 0; i < material.length; i++) {
                material[i] = (byte) (i * 11 + 3);
            }
            SrtpKeys relayKeys = SrtpKeys.split(profile, material, false);
            SrtpKeys clientKeys = SrtpKeys.split(profile, material, true);
            Worker worker = router.worker();
            long threadId = worker.submit(() -> {
                        router.transportOf("alice", true)
                                .installKeysForTest(relayKeys, (InetSocketAddress) alice.getLocalSocketAddress());
                        router.transportOf("bob", false)
                                .installKeysForTest(relayKeys, (InetSocketAddress) bob.getLocalSocketAddress());
                        return Thread.currentThread().getId();
                    })
                    .get(60, TimeUnit.SECONDS);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            InetSocketAddress relayAddress =
                    new InetSocketAddress("127.0.0.1", relay.ports().get(0));
            sendOverUdp(alice, relayAddress, packets(clientKeys, 0, 3 * N), router);
            ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
            try {
                long forwarded0 = router.stats().get().rtpForwarded();
                List<ByteBuf> measured = packets(clientKeys, 3 * N, N);
                long cpu0 = threads.getThreadCpuTime(threadId);
                long before = threads.getThreadAllocatedBytes(threadId);
                sendOverUdp(alice, relayAddress, measured, router);
                long after = threads.getThreadAllocatedBytes(threadId);
                long cpu = threads.getThreadCpuTime(threadId) - cpu0;
                long forwarded = router.stats().get().rtpForwarded() - forwarded0;
                double perPacket = (double) (after - before) / forwarded;
                System.out.printf(
                        "whole worker path over UDP (%s, %s): %.1f bytes allocated per forwarded packet (%d packets);"
                                + " worker thread CPU %.1f us per forwarded packet (1200-byte packets, fan-out 1,"
                                + " recv + decrypt + route + encrypt + send, syscalls included)%n",
                        profile, SrtpSession.aesImplementation(), perPacket, forwarded, cpu / 1000.0 / forwarded);
                assertTrue(forwarded > N / 2, "most packets arrive on loopback: " + forwarded);
                assertTrue(perPacket < 1024, "whole path allocation per packet: " + perPacket);

                // the relay's own time per forwarded packet, from the recvmmsg batch to the flush
                WorkerMetrics figures =
                        relay.workerMetrics().get(5, TimeUnit.SECONDS).get(0);
                ResidenceHistogram residence = figures.residence();
                System.out.println("residence over UDP (batch received -> send call): " + residence);
                long allForwarded = router.stats().get().rtpForwarded();
                assertEquals(allForwarded, figures.counters().rtpForwarded, "the worker's figures hold the call's");
                assertEquals(allForwarded, residence.count(), "every forwarded packet is timed");
                assertTrue(
                        residence.percentileNanos(0.5) > 0 && residence.percentileNanos(0.5) <= residence.maxNanos());
            } finally {
                ResourceLeakDetector.setLevel(level);
            }
        }
    }

    private static void sendOverUdp(
            java.net.DatagramSocket from, InetSocketAddress to, List<ByteBuf> packets, Router router) throws Exception {
        long in0 = router.stats().get().packetsIn();
        for (int i = 0; i < packets.size(); i++) {
            ByteBuf b = packets.get(i);
            byte[] d = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), d);
            b.release();
            from.send(new java.net.DatagramPacket(d, d.length, to));
            if ((i & 63) == 63) {
                Thread.sleep(1); // stay under the socket buffers
            }
        }
        long end = System.currentTimeMillis() + 5000;
        long last = -1;
        while (System.currentTimeMillis() < end) {
            long now = router.stats().get().packetsIn() - in0;
            if (now == packets.size() || now == last) {
                break;
            }
            last = now;
            Thread.sleep(100);
        }
    }

    /** What jitsi-srtp alone allocates for one forwarded packet: one unprotect, one protect. */
    private static double measureSrtpAlone(SrtpProfile profile) throws Exception {
        byte[] material = new byte[SrtpKeys.materialLength(profile)];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i * 3 + 5);
        }
        SrtpKeys clientKeys = SrtpKeys.split(profile, material, true);
        SrtpSession relay = new SrtpSession(SrtpKeys.split(profile, material, false));
        List<ByteBuf> warm = packets(clientKeys, 0, N);
        List<ByteBuf> measured = packets(clientKeys, N, N);
        double[] result = new double[1];
        Thread t = new Thread(() -> {
            PacketScratch in = new PacketScratch();
            PacketScratch out = new PacketScratch();
            runSrtp(relay, warm, in, out);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            runSrtp(relay, measured, in, out);
            result[0] = (double) (threads.getCurrentThreadAllocatedBytes() - before) / N;
        });
        t.start();
        t.join();
        warm.forEach(ByteBuf::release);
        measured.forEach(ByteBuf::release);
        relay.close();
        return result[0];
    }

    private static void runSrtp(SrtpSession relay, List<ByteBuf> packets, PacketScratch in, PacketScratch out) {
        for (int i = 0; i < packets.size(); i++) {
            ByteBuf b = packets.get(i);
            int len = b.readableBytes();
            b.getBytes(b.readerIndex(), in.clear().array(), 0, len);
            in.setLength(len);
            if (!relay.unprotectRtp(in)) {
                throw new IllegalStateException("unprotect failed");
            }
            System.arraycopy(in.array(), 0, out.clear().array(), 0, in.getLength());
            out.setLength(in.getLength());
            RtpHeader.ssrc(out.array(), 0, 0x5555);
            relay.protectRtp(out);
            if (i % 100 == 99) {
                // the relay answers the publisher's transport-cc with one SRTCP message per 100 packets
                out.clear();
                out.setLength(org.ruralconsult.media.rtcp.TransportCcWriter.write(
                        out.array(), 0, 1, 2, i, 100, 0, 0, FEEDBACK_STATUS, FEEDBACK_DELTAS));
                relay.protectRtcp(out);
            }
        }
    }

    private static final byte[] FEEDBACK_STATUS = new byte[100];
    private static final int[] FEEDBACK_DELTAS = new int[100];

    static {
        java.util.Arrays.fill(FEEDBACK_STATUS, (byte) org.ruralconsult.media.rtcp.TransportCcFeedback.SMALL_DELTA);
        java.util.Arrays.fill(FEEDBACK_DELTAS, 1);
    }

    private static void run(Worker worker, List<ByteBuf> packets, InetSocketAddress from) {
        for (int i = 0; i < packets.size(); i++) {
            ByteBuf b = packets.get(i);
            worker.onDatagram(b, from);
            b.release();
            if ((i & 15) == 15) {
                worker.output().flush(); // one flush per read batch, as DatagramInbound does
            }
        }
    }

    /** SRTP-protected VP8 packets as alice's browser would send them (mid, abs-send-time, twcc). */
    private static List<ByteBuf> packets(SrtpKeys clientKeys, int first, int count) {
        // one client session per key set, so that batches continue the SRTP index (no replays)
        SrtpSession alice = CLIENT.computeIfAbsent(
                clientKeys.profile() + java.util.Arrays.toString(clientKeys.localKey()),
                k -> new SrtpSession(clientKeys));
        List<ByteBuf> list = new ArrayList<>(count);
        PacketScratch p = new PacketScratch();
        for (int i = first; i < first + count; i++) {
            byte[] b = p.clear().array();
            b[0] = (byte) 0x90; // V=2, X=1
            b[1] = 96;
            RtpHeader.sequence(b, 0, i & 0xffff);
            RtpHeader.timestamp(b, 0, 3000L * (i / 3));
            RtpHeader.ssrc(b, 0, 2222);
            RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
            RtpHeader.writeShort(b, 14, 3);
            b[16] = 0x40; // id 4 (mid), length 1
            b[17] = '1';
            b[18] = 0x22; // id 2 (abs-send-time), length 3
            b[19] = 1;
            b[20] = 2;
            b[21] = 3;
            b[22] = 0x31; // id 3 (transport-cc), length 2
            b[23] = (byte) (i >> 8);
            b[24] = (byte) i;
            b[25] = 0;
            b[26] = 0;
            b[27] = 0;
            b[28] = (byte) 0x90; // VP8 descriptor: X, S
            b[29] = (byte) 0x80;
            b[30] = (byte) (0x80 | ((i >> 8) & 0x7f));
            b[31] = (byte) i;
            for (int k = 32; k < 1200; k++) {
                b[k] = (byte) (k ^ i);
            }
            b[32] = (byte) (i % 30 == 0 ? 0x10 : 0x11); // key frame every 30
            p.setLength(1200);
            if (!alice.protectRtp(p)) {
                throw new IllegalStateException("protect failed");
            }
            byte[] wire = new byte[p.getLength()];
            System.arraycopy(p.array(), 0, wire, 0, wire.length);
            list.add(Unpooled.wrappedBuffer(wire));
        }
        return list;
    }

    private static final java.util.Map<String, SrtpSession> CLIENT = new java.util.HashMap<>();
}
