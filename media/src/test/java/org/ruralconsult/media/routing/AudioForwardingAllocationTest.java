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
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;
import org.ruralconsult.media.srtp.SrtpSession;
import org.ruralconsult.media.testing.CountingOutput;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.RedPayloads;
import org.ruralconsult.media.testing.SdpFixtures;
import org.ruralconsult.media.transport.Worker;

/**
 * The audio forwarding path allocates nothing per packet once warm: RED (RFC 2198) parsed, forwarded
 * to bob (who kept RED), stripped for carol with every tenth packet lost upstream and rebuilt from the
 * next packet's redundant block, the RFC 6464 level read for the dominant speaker. Measured like
 * {@link ForwardingAllocationTest}: the worker thread's allocation counter, less what jitsi-srtp alone
 * allocates for the same unprotects and protects.
 */
@ExtendWith(NoLeaks.class)
class AudioForwardingAllocationTest {
    private static final int N = 20_000;
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;

    @Test
    void redForwardingStrippingAndRepairAllocateNothingPerPacket() throws Exception {
        byte[] material = new byte[SrtpKeys.materialLength(PROFILE)];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i * 5 + 3);
        }
        SrtpKeys relayKeys = SrtpKeys.split(PROFILE, material, false);
        SrtpKeys clientKeys = SrtpKeys.split(PROFILE, material, true);
        SrtpSession alice = new SrtpSession(clientKeys);
        List<ByteBuf> warm = packets(alice, 0, 3 * N);
        List<ByteBuf> measured = packets(alice, 3 * N, N);
        long[] result;
        try (MediaRelay relay =
                MediaRelay.start(MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0))) {
            Router router = relay.createRouter("audio-alloc");
            RouterListener quiet = id -> {};
            for (String id : List.of("alice", "bob", "carol")) {
                router.join(id, quiet).get(20, TimeUnit.SECONDS);
            }
            router.publish(
                            "alice",
                            SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", 1111, 2222, 3333))
                    .get(20, TimeUnit.SECONDS);
            String bobOffer = router.subscribeOffer("bob").get(20, TimeUnit.SECONDS);
            router.subscribeAnswer("bob", SdpFixtures.subscribeAnswer(bobOffer, "bobU", "bobPasswordBobPasswordBob"))
                    .get(20, TimeUnit.SECONDS);
            String carolOffer = router.subscribeOffer("carol").get(20, TimeUnit.SECONDS);
            router.subscribeAnswer(
                            "carol",
                            SdpFixtures.subscribeAnswer(carolOffer, "carolU", "carolPasswordCarolPasswor")
                                    .replace("SAVPF 63 111", "SAVPF 111")
                                    .replace("a=rtpmap:63 red/48000/2\r\n", "")
                                    .replace("a=fmtp:63 111/111\r\n", ""))
                    .get(20, TimeUnit.SECONDS);
            InetSocketAddress aliceAddress = new InetSocketAddress("127.0.0.1", 40020);
            Worker worker = router.worker();
            CountingOutput out = new CountingOutput();
            worker.submit(() -> {
                        worker.output(out);
                        router.transportOf("alice", true).installKeysForTest(relayKeys, aliceAddress);
                        router.transportOf("bob", false)
                                .installKeysForTest(relayKeys, new InetSocketAddress("127.0.0.1", 40021));
                        router.transportOf("carol", false)
                                .installKeysForTest(relayKeys, new InetSocketAddress("127.0.0.1", 40022));
                        return null;
                    })
                    .get(20, TimeUnit.SECONDS);
            result = worker.submit(() -> {
                        run(worker, warm, aliceAddress);
                        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
                        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED); // its records allocate
                        long sent0 = out.datagrams();
                        long before = threads.getCurrentThreadAllocatedBytes();
                        run(worker, measured, aliceAddress);
                        long after = threads.getCurrentThreadAllocatedBytes();
                        ResourceLeakDetector.setLevel(level);
                        long sent = out.datagrams() - sent0;
                        worker.output(null);
                        return new long[] {after - before, sent};
                    })
                    .get(120, TimeUnit.SECONDS);
            RouterStats stats = router.stats().get(20, TimeUnit.SECONDS);
            assertTrue(
                    stats.redRecovered() > 0 && stats.redStripped() > 0 && stats.redForwarded() > 0, stats::toString);
        }
        int in = measured.size();
        // bob: one per packet; carol: one per packet and one more for each packet lost before it
        assertEquals(2L * in + in / 9, result[1], "every RED packet to bob, every frame to carol");
        double crypto = srtpAlone(clientKeys, relayKeys, in, (int) result[1]);
        double total = (double) result[0] / in;
        System.out.printf(
                "audio RED path: %.3f bytes allocated per packet in (%d out), jitsi-srtp alone %.3f, relay %.3f%n",
                total, result[1], crypto, total - crypto);
        assertTrue(crypto > 0 && crypto < 1024, "the jitsi-srtp share is measured sanely: " + crypto);
        assertTrue(total - crypto < 1.0, "relay code allocates " + (total - crypto) + " bytes per packet");
    }

    private static void run(Worker worker, List<ByteBuf> packets, InetSocketAddress from) {
        for (int i = 0; i < packets.size(); i++) {
            ByteBuf b = packets.get(i);
            worker.onDatagram(b, from);
            b.release();
            if ((i & 15) == 15) {
                worker.output().flush();
            }
        }
    }

    /** Alice's RED packets (one redundant block), every tenth sequence number lost on the way. */
    private static List<ByteBuf> packets(SrtpSession alice, int first, int count) {
        List<ByteBuf> list = new ArrayList<>();
        PacketScratch p = new PacketScratch();
        byte[] previous = RedPayloads.bytes(80, first - 1);
        for (int i = first; i < first + count; i++) {
            byte[] frame = RedPayloads.bytes(80, i);
            byte[] red = RedPayloads.red(111, new int[] {960}, previous, frame);
            previous = frame;
            if (i % 10 == 5) {
                continue; // lost upstream
            }
            byte[] b = p.clear().array();
            b[0] = (byte) 0x90;
            b[1] = 63;
            RtpHeader.sequence(b, 0, i & 0xffff);
            RtpHeader.timestamp(b, 0, 960L * i);
            RtpHeader.ssrc(b, 0, 1111);
            RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
            RtpHeader.writeShort(b, 14, 1);
            b[16] = 0x10; // audio level (id 1)
            b[17] = (byte) (i % 60);
            b[18] = 0x40; // mid (id 4) "0"
            b[19] = '0';
            System.arraycopy(red, 0, b, 20, red.length);
            p.setLength(20 + red.length);
            if (!alice.protectRtp(p)) {
                throw new IllegalStateException("protect failed");
            }
            byte[] wire = new byte[p.getLength()];
            System.arraycopy(p.array(), 0, wire, 0, wire.length);
            list.add(Unpooled.wrappedBuffer(wire));
        }
        return list;
    }

    /** jitsi-srtp alone per packet in: the same unprotects, and as many protects as datagrams went out. */
    private static double srtpAlone(SrtpKeys clientKeys, SrtpKeys relayKeys, int in, int outCount) throws Exception {
        SrtpSession client = new SrtpSession(clientKeys);
        SrtpSession relay = new SrtpSession(relayKeys);
        List<ByteBuf> warm = packets(client, 0, 3 * N);
        List<ByteBuf> measured = packets(client, 3 * N, N);
        double[] result = new double[1];
        Thread t = new Thread(() -> {
            PacketScratch p = new PacketScratch();
            PacketScratch o = new PacketScratch();
            cycle(relay, warm, p, o, 2.0 + 1.0 / 9);
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            cycle(relay, measured, p, o, (double) outCount / in);
            result[0] = (double) (threads.getCurrentThreadAllocatedBytes() - before) / measured.size();
        });
        t.start();
        t.join();
        warm.forEach(ByteBuf::release);
        measured.forEach(ByteBuf::release);
        return result[0];
    }

    private static void cycle(
            SrtpSession relay, List<ByteBuf> packets, PacketScratch in, PacketScratch out, double fanOut) {
        double owed = 0;
        for (ByteBuf b : packets) {
            int len = b.readableBytes();
            b.getBytes(b.readerIndex(), in.clear().array(), 0, len);
            in.setLength(len);
            if (!relay.unprotectRtp(in)) {
                throw new IllegalStateException("unprotect failed");
            }
            int copy = 0;
            for (owed += fanOut; owed >= 1; owed--) {
                System.arraycopy(in.array(), 0, out.clear().array(), 0, in.getLength());
                out.setLength(in.getLength());
                RtpHeader.ssrc(out.array(), 0, 0x5555 + copy++); // one stream per subscriber, as the relay's
                if (!relay.protectRtp(out)) {
                    throw new IllegalStateException("protect failed");
                }
            }
        }
    }
}
