package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;
import org.ruralconsult.media.srtp.SrtpSession;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.RedPayloads;
import org.ruralconsult.media.testing.SdpFixtures;
import org.ruralconsult.media.transport.Worker;

/**
 * Audio RED (RFC 2198) through a real router with real SRTP, hand-built packets in: bob's answer kept
 * RED and gets the RED packets (payload types mapped to his), carol's answer dropped it and gets the
 * primary blocks as Opus, with the packets lost on alice's uplink rebuilt from redundant blocks.
 * Alice numbers Opus 109 and RED 121, the relay's subscribers Opus 111 and RED 63.
 */
@ExtendWith(NoLeaks.class)
class AudioRedRoutingTest {
    private static final int ALICE_AUDIO = 1111;
    private static final int ALICE_OPUS = 109;
    private static final int ALICE_RED = 121;
    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 40010);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 40011);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 40012);

    private MediaRelay relay;
    private Router router;
    private Worker worker;
    private final FeedbackRoutingTest.Capture out = new FeedbackRoutingTest.Capture();
    private final SrtpSession[] clients = new SrtpSession[3];

    @BeforeEach
    void startCall() throws Exception {
        relay = MediaRelay.start(MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0));
        router = relay.createRouter("red");
        worker = router.worker();
        RouterListener quiet = id -> {};
        for (String id : List.of("alice", "bob", "carol")) {
            router.join(id, quiet).get(20, TimeUnit.SECONDS);
        }
        String offer = SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", ALICE_AUDIO, 2222, 3333)
                .replace("SAVPF 111 63 9 0 8", "SAVPF " + ALICE_OPUS + " " + ALICE_RED + " 9 0 8")
                .replace("a=rtpmap:111 opus", "a=rtpmap:" + ALICE_OPUS + " opus")
                .replace("a=rtcp-fb:111 ", "a=rtcp-fb:" + ALICE_OPUS + " ")
                .replace("a=fmtp:111 ", "a=fmtp:" + ALICE_OPUS + " ")
                .replace("a=rtpmap:63 red", "a=rtpmap:" + ALICE_RED + " red")
                .replace("a=fmtp:63 111/111", "a=fmtp:" + ALICE_RED + " " + ALICE_OPUS + "/" + ALICE_OPUS);
        String answer = router.publish("alice", offer).get(20, TimeUnit.SECONDS);
        assertTrue(answer.contains("m=audio 9 UDP/TLS/RTP/SAVPF " + ALICE_RED + " " + ALICE_OPUS + "\r\n"), answer);
        String bobOffer = router.subscribeOffer("bob").get(20, TimeUnit.SECONDS);
        router.subscribeAnswer("bob", SdpFixtures.subscribeAnswer(bobOffer, "bobUfrag", "bobPasswordBobPasswordBob"))
                .get(20, TimeUnit.SECONDS);
        String carolOffer = router.subscribeOffer("carol").get(20, TimeUnit.SECONDS);
        String carolAnswer = SdpFixtures.subscribeAnswer(carolOffer, "carolUfrag", "carolPasswordCarolPasswor")
                .replace("m=audio 9 UDP/TLS/RTP/SAVPF 63 111", "m=audio 9 UDP/TLS/RTP/SAVPF 111")
                .replace("a=rtpmap:63 red/48000/2\r\n", "")
                .replace("a=fmtp:63 111/111\r\n", "");
        router.subscribeAnswer("carol", carolAnswer).get(20, TimeUnit.SECONDS);

        byte[] material = new byte[SrtpKeys.materialLength(SrtpProfile.AEAD_AES_128_GCM)];
        Arrays.fill(material, (byte) 5);
        SrtpKeys relayKeys = SrtpKeys.split(SrtpProfile.AEAD_AES_128_GCM, material, false);
        SrtpKeys clientKeys = SrtpKeys.split(SrtpProfile.AEAD_AES_128_GCM, material, true);
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new SrtpSession(clientKeys);
        }
        onWorker(() -> {
            worker.output(out);
            router.transportOf("alice", true).installKeysForTest(relayKeys, ALICE);
            router.transportOf("bob", false).installKeysForTest(relayKeys, BOB);
            router.transportOf("carol", false).installKeysForTest(relayKeys, CAROL);
        });
    }

    @AfterEach
    void end() {
        relay.close();
    }

    private void onWorker(Runnable r) throws Exception {
        worker.submit(() -> {
                    r.run();
                    return null;
                })
                .get(20, TimeUnit.SECONDS);
    }

    private static long ts(int seq) {
        return 1_000_000L + 960L * seq;
    }

    /** Opus frame {@code seq}'s bytes (what the encoder made for it). */
    private static byte[] frame(int seq) {
        return RedPayloads.bytes(30 + seq % 7, seq * 3);
    }

    /** An RTP packet from alice: audio level (id 1) and mid (id 4) extensions, then the payload. */
    private static byte[] packet(int seq, int pt, int level, byte[] payload) {
        byte[] b = new byte[12 + 8 + payload.length];
        b[0] = (byte) 0x90;
        b[1] = (byte) (0x80 | pt); // marker set: a repair must not copy it
        RtpHeader.sequence(b, 0, seq);
        RtpHeader.timestamp(b, 0, ts(seq));
        RtpHeader.ssrc(b, 0, ALICE_AUDIO);
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 1);
        b[16] = 0x10; // audio level, id 1, one byte
        b[17] = (byte) level;
        b[18] = 0x40; // mid, id 4: "0"
        b[19] = '0';
        System.arraycopy(payload, 0, b, 20, payload.length);
        return b;
    }

    /** A RED packet for {@code seq} repeating the {@code redundant} frames before it (oldest first). */
    private static byte[] red(int seq, int redundant) {
        byte[][] blocks = new byte[redundant + 1][];
        int[] offsets = new int[redundant];
        for (int i = 0; i < redundant; i++) {
            int from = seq - redundant + i;
            blocks[i] = frame(from);
            offsets[i] = (int) (ts(seq) - ts(from));
        }
        blocks[redundant] = frame(seq);
        return packet(seq, ALICE_RED, 40, RedPayloads.red(ALICE_OPUS, offsets, blocks));
    }

    private void receive(byte[] plain) throws Exception {
        PacketScratch p = new PacketScratch();
        System.arraycopy(plain, 0, p.array(), 0, plain.length);
        p.setLength(plain.length);
        assertTrue(clients[0].protectRtp(p));
        ByteBuf wire = Unpooled.wrappedBuffer(Arrays.copyOf(p.array(), p.getLength()));
        onWorker(() -> {
            worker.onDatagram(wire, ALICE);
            wire.release();
        });
    }

    private List<byte[]> sentTo(InetSocketAddress to, SrtpSession client) throws Exception {
        List<FeedbackRoutingTest.Sent> sent = worker.submit(() -> {
                    List<FeedbackRoutingTest.Sent> mine = new ArrayList<>();
                    for (FeedbackRoutingTest.Sent s : out.sent) {
                        int pt = s.bytes()[1] & 0xff;
                        if (s.to().equals(to) && (pt < 192 || pt > 223)) {
                            mine.add(s);
                        }
                    }
                    out.sent.removeAll(mine);
                    return mine;
                })
                .get();
        List<byte[]> result = new ArrayList<>();
        for (FeedbackRoutingTest.Sent s : sent) {
            PacketScratch p = new PacketScratch();
            System.arraycopy(s.bytes(), 0, p.array(), 0, s.bytes().length);
            p.setLength(s.bytes().length);
            assertTrue(client.unprotectRtp(p), "relay output must authenticate");
            result.add(Arrays.copyOf(p.array(), p.getLength()));
        }
        return result;
    }

    private static byte[] payload(byte[] rtp) {
        return Arrays.copyOfRange(rtp, RtpHeader.headerLength(rtp, 0, rtp.length), rtp.length);
    }

    @Test
    void redGoesAsItIsToBobAndAsOpusWithLostPacketsRebuiltToCarol() throws Exception {
        receive(red(10, 0)); // the first: nothing to repeat yet
        receive(red(11, 1));
        // 12 lost on alice's uplink
        receive(red(13, 1));
        // 14 and 15 lost
        receive(red(16, 2));
        receive(red(17, 2));
        // 18 lost; 19 repeats 17 and 18, and only 18 is missing
        receive(red(19, 2));
        // 20 lost, and 21's only redundant block is older than what was forwarded (a DTX pause)
        byte[] stale = packet(
                21,
                ALICE_RED,
                40,
                RedPayloads.red(ALICE_OPUS, new int[] {(int) (ts(21) - ts(17))}, frame(17), frame(21)));
        receive(stale);
        receive(packet(22, ALICE_OPUS, 40, frame(22))); // plain Opus between RED packets

        List<byte[]> toCarol = sentTo(CAROL, clients[2]);
        int[] expected = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22};
        assertEquals(expected.length, toCarol.size(), "every frame once, the lost ones rebuilt; 20 could not be");
        int firstSeq = RtpHeader.sequence(toCarol.get(0), 0);
        long firstTs = RtpHeader.timestamp(toCarol.get(0), 0);
        for (int i = 0; i < expected.length; i++) {
            byte[] p = toCarol.get(i);
            int seq = expected[i];
            assertEquals(111, RtpHeader.payloadType(p, 0), "plain Opus under carol's payload type");
            assertEquals((firstSeq + seq - 10) & 0xffff, RtpHeader.sequence(p, 0), "frame " + seq);
            assertEquals((firstTs + ts(seq) - ts(10)) & 0xffffffffL, RtpHeader.timestamp(p, 0), "frame " + seq);
            assertArrayEquals(frame(seq), payload(p), "frame " + seq);
        }
        for (int rebuilt : new int[] {2, 4, 5, 8}) {
            assertEquals(0, toCarol.get(rebuilt)[1] & 0x80, "no marker on a rebuilt packet");
        }

        List<byte[]> toBob = sentTo(BOB, clients[1]);
        assertEquals(8, toBob.size(), "what arrived, as it arrived");
        byte[] bobs = toBob.get(3);
        assertEquals(63, RtpHeader.payloadType(bobs, 0), "RED under bob's payload type");
        byte[] sent = red(16, 2);
        byte[] mapped = payload(sent);
        mapped[0] = (byte) (0x80 | 111); // block headers name bob's Opus
        mapped[4] = (byte) (0x80 | 111);
        mapped[8] = 111;
        assertArrayEquals(mapped, payload(bobs));
        assertEquals(111, RtpHeader.payloadType(toBob.get(7), 0), "alice's plain Opus goes as Opus");
        assertArrayEquals(frame(22), payload(toBob.get(7)));

        RouterStats stats = router.stats().get(20, TimeUnit.SECONDS);
        assertEquals(7, stats.redForwarded());
        assertEquals(7, stats.redStripped());
        assertEquals(4, stats.redRecovered(), "12, 14, 15 and 18");
        assertEquals(8, stats.audioLevelPackets());
        assertEquals(0, stats.drops(DropReason.RED_MALFORMED));
    }

    @Test
    void malformedRedIsCountedAndDroppedAndTheStreamGoesOn() throws Exception {
        receive(red(10, 1));
        byte[] good = RedPayloads.red(ALICE_OPUS, new int[] {960}, frame(10), frame(11));
        byte[] pastTheEnd = Arrays.copyOf(good, 5 + 10); // the redundant block claims more than is there
        receive(packet(11, ALICE_RED, 40, pastTheEnd));
        receive(packet(12, ALICE_RED, 40, new byte[] {(byte) (0x80 | ALICE_OPUS), 0x0f})); // header cut short
        receive(red(13, 1));

        assertEquals(
                2, router.stats().get(5, TimeUnit.SECONDS).drops(DropReason.RED_MALFORMED), "both counted and dropped");
        List<byte[]> toCarol = sentTo(CAROL, clients[2]);
        List<byte[]> toBob = sentTo(BOB, clients[1]);
        assertEquals(2, toBob.size(), "bob gets the two good RED packets");
        assertEquals(3, toCarol.size(), "carol: 10, then 12 rebuilt from 13, then 13");
        assertArrayEquals(frame(12), payload(toCarol.get(1)));
        assertArrayEquals(frame(13), payload(toCarol.get(2)));
    }
}
