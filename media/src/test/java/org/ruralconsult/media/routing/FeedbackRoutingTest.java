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
import org.ruralconsult.media.rtcp.RtcpDecoder;
import org.ruralconsult.media.rtcp.RtcpEncoder;
import org.ruralconsult.media.rtcp.RtcpHandler;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;
import org.ruralconsult.media.srtp.SrtpSession;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.SdpFixtures;
import org.ruralconsult.media.transport.DatagramOutput;
import org.ruralconsult.media.transport.Worker;

/**
 * Forwarding and feedback through a real router with real SRTP, packets fed to the worker's
 * demultiplexer and read back from its output: sequence/SSRC rewriting, NACK answered from the
 * retransmission buffer through RTX, NACK forwarded upstream when the packet was never received,
 * PLI forwarded and throttled, sender reports translated.
 */
@ExtendWith(NoLeaks.class)
class FeedbackRoutingTest {
    private static final int ALICE_VIDEO = 2222;
    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 40001);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 40002);
    private static final String SIMULCAST_LINES =
            "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n";

    private MediaRelay relay;
    private Router router;
    private Worker worker;
    private final Capture out = new Capture();
    private SrtpSession aliceClient;
    private SrtpSession bobClient;
    private SrtpSession carolClient;
    /** What bob's listener was told about video paused for bandwidth, in order. */
    private final List<String> bobPauses = new java.util.concurrent.CopyOnWriteArrayList<>();

    private int consumerSsrc;
    private int consumerRtxSsrc;

    record Sent(InetSocketAddress to, byte[] bytes) {}

    /** Keeps a copy of every datagram the relay sends, and releases the buffer (its last owner). */
    static final class Capture implements DatagramOutput {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void write(ByteBuf datagram, InetSocketAddress to) {
            byte[] b = new byte[datagram.readableBytes()];
            datagram.getBytes(datagram.readerIndex(), b);
            datagram.release();
            sent.add(new Sent(to, b));
        }

        @Override
        public void flush() {}
    }

    /** Without adaptation (the relay before issue 13): subscribers' REMB goes to publishers. */
    @BeforeEach
    void startRelay() {
        relay = MediaRelay.start(
                MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0).withAdaptive(false));
    }

    private void call() throws Exception {
        call(SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", 1111, ALICE_VIDEO, 3333));
    }

    private void call(String aliceOffer) throws Exception {
        call(aliceOffer, false);
    }

    private void call(String aliceOffer, boolean withCarol) throws Exception {
        router = relay.createRouter("feedback");
        worker = router.worker();
        RouterListener quiet = id -> {};
        RouterListener bobListener = new RouterListener() {
            @Override
            public void onSubscribeOfferNeeded(String participantId) {}

            @Override
            public void onVideoPausedForBandwidth(String participantId, boolean paused, long estimate) {
                bobPauses.add(paused + " " + estimate);
            }
        };
        router.join("alice", quiet).get(5, TimeUnit.SECONDS);
        router.join("bob", bobListener).get(5, TimeUnit.SECONDS);
        if (withCarol) {
            router.join("carol", quiet).get(5, TimeUnit.SECONDS);
        }
        router.publish("alice", aliceOffer).get(5, TimeUnit.SECONDS);
        String offer = router.subscribeOffer("bob").get(5, TimeUnit.SECONDS);
        String[] fid = SdpFixtures.attribute(offer.substring(offer.indexOf("m=video")), "ssrc-group")
                .split(" ");
        consumerSsrc = (int) Long.parseLong(fid[1]);
        consumerRtxSsrc = (int) Long.parseLong(fid[2]);
        router.subscribeAnswer("bob", SdpFixtures.subscribeAnswer(offer, "bobUfrag", "bobPasswordBobPasswordBob"))
                .get(5, TimeUnit.SECONDS);
        byte[] material = new byte[SrtpKeys.materialLength(SrtpProfile.AEAD_AES_128_GCM)];
        Arrays.fill(material, (byte) 9);
        SrtpKeys relayKeys = SrtpKeys.split(SrtpProfile.AEAD_AES_128_GCM, material, false);
        SrtpKeys clientKeys = SrtpKeys.split(SrtpProfile.AEAD_AES_128_GCM, material, true);
        aliceClient = new SrtpSession(clientKeys);
        bobClient = new SrtpSession(clientKeys);
        if (withCarol) {
            String carolOffer = router.subscribeOffer("carol").get(5, TimeUnit.SECONDS);
            router.subscribeAnswer(
                            "carol",
                            SdpFixtures.subscribeAnswer(carolOffer, "carolUfrag", "carolPasswordCarolPassword"))
                    .get(5, TimeUnit.SECONDS);
            carolClient = new SrtpSession(clientKeys);
        }
        onWorker(() -> {
            worker.output(out);
            router.transportOf("alice", true).installKeysForTest(relayKeys, ALICE);
            router.transportOf("bob", false).installKeysForTest(relayKeys, BOB);
            if (withCarol) {
                router.transportOf("carol", false).installKeysForTest(relayKeys, CAROL);
            }
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
                .get(5, TimeUnit.SECONDS);
    }

    private static byte[] rtp(int seq, long ts, int payloadSeed) {
        byte[] b = new byte[12 + 8 + 50];
        b[0] = (byte) 0x90;
        b[1] = 96;
        RtpHeader.sequence(b, 0, seq);
        RtpHeader.timestamp(b, 0, ts);
        RtpHeader.ssrc(b, 0, ALICE_VIDEO);
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 1);
        b[16] = 0x40; // mid (id 4) "1"
        b[17] = '1';
        b[20] = (byte) 0x90; // VP8 descriptor
        b[21] = (byte) 0x80;
        b[22] = (byte) 0x80;
        b[23] = (byte) seq;
        for (int i = 24; i < b.length; i++) {
            b[i] = (byte) (payloadSeed + i);
        }
        b[24] = (byte) (payloadSeed == 0 ? 0x10 : 0x11);
        return b;
    }

    /** RFC 4588 §4: {@code media} sent again on alice's RTX stream (PT 97, SSRC 3333), original seq first. */
    private static byte[] rtxOf(byte[] media, int rtxSeq) {
        int h = RtpHeader.headerLength(media, 0, media.length);
        byte[] r = new byte[media.length + 2];
        System.arraycopy(media, 0, r, 0, h);
        RtpHeader.writeShort(r, h, RtpHeader.sequence(media, 0));
        System.arraycopy(media, h, r, h + 2, media.length - h);
        RtpHeader.payloadType(r, 0, 97);
        RtpHeader.sequence(r, 0, rtxSeq);
        RtpHeader.ssrc(r, 0, 3333);
        return r;
    }

    /** Protects with the client's session and hands the datagram to the worker as if received. */
    private void receive(SrtpSession client, byte[] plain, boolean rtcp, InetSocketAddress from) throws Exception {
        PacketScratch p = new PacketScratch();
        System.arraycopy(plain, 0, p.array(), 0, plain.length);
        p.setLength(plain.length);
        assertTrue(rtcp ? client.protectRtcp(p) : client.protectRtp(p));
        ByteBuf wire = Unpooled.wrappedBuffer(Arrays.copyOf(p.array(), p.getLength()));
        onWorker(() -> {
            worker.onDatagram(wire, from);
            wire.release();
        });
    }

    /** Takes what the relay sent to {@code to} and unprotects it with that client's session. */
    private List<byte[]> sentTo(InetSocketAddress to, SrtpSession client, boolean rtcp) throws Exception {
        List<byte[]> result = new ArrayList<>();
        List<Sent> sent = worker.submit(() -> {
                    List<Sent> mine = new ArrayList<>();
                    for (Sent s : out.sent) {
                        boolean isRtcp = (s.bytes()[1] & 0xff) >= 192 && (s.bytes()[1] & 0xff) <= 223;
                        if (s.to().equals(to) && isRtcp == rtcp) {
                            mine.add(s);
                        }
                    }
                    out.sent.removeAll(mine);
                    return mine;
                })
                .get();
        for (Sent s : sent) {
            PacketScratch p = new PacketScratch();
            System.arraycopy(s.bytes(), 0, p.array(), 0, s.bytes().length);
            p.setLength(s.bytes().length);
            assertTrue(rtcp ? client.unprotectRtcp(p) : client.unprotectRtp(p), "relay output must authenticate");
            result.add(Arrays.copyOf(p.array(), p.getLength()));
        }
        return result;
    }

    private static List<String> rtcpEvents(List<byte[]> packets) throws Exception {
        List<String> events = new ArrayList<>();
        for (byte[] b : packets) {
            RtcpDecoder.decode(b, 0, b.length, new RtcpHandler() {
                @Override
                public void onSenderReport(int ssrc, long ntp, long rtpTs, long packets, long octets) {
                    events.add("SR " + ssrc + " " + ntp + " " + rtpTs + " " + packets);
                }

                @Override
                public void onNack(int senderSsrc, int mediaSsrc, int packetId, int bitmask) {
                    events.add("NACK " + mediaSsrc + " " + packetId + " " + bitmask);
                }

                @Override
                public void onKeyframeRequest(int senderSsrc, int mediaSsrc) {
                    events.add("PLI " + mediaSsrc);
                }

                @Override
                public void onRemb(int senderSsrc, long bps, byte[] b, int ssrcOffset, int ssrcCount) {
                    events.add("REMB " + bps + " " + RtpHeader.readInt(b, ssrcOffset) + " x" + ssrcCount);
                }
            });
        }
        return events;
    }

    @Test
    void forwardsWithOwnSsrcAndContinuousSequenceAndAnswersFeedback() throws Exception {
        call();
        assertEquals(
                List.of("PLI " + ALICE_VIDEO),
                rtcpEvents(sentTo(ALICE, aliceClient, true)),
                "a PLI goes to the publisher when the subscriber's consumer starts");

        for (int seq = 100; seq < 110; seq++) {
            if (seq != 105) { // lost on the way in
                receive(aliceClient, rtp(seq, 9000L * (seq / 3), seq == 100 ? 0 : seq), false, ALICE);
            }
        }
        List<byte[]> forwarded = sentTo(BOB, bobClient, false);
        assertEquals(9, forwarded.size());
        int firstOut = RtpHeader.sequence(forwarded.get(0), 0);
        long tsOffset = (RtpHeader.timestamp(forwarded.get(0), 0) - 9000L * 33) & 0xffffffffL;
        for (int i = 0; i < forwarded.size(); i++) {
            byte[] f = forwarded.get(i);
            int inSeq = 100 + i + (i >= 5 ? 1 : 0);
            assertEquals(consumerSsrc, RtpHeader.ssrc(f, 0));
            assertEquals((firstOut + inSeq - 100) & 0xffff, RtpHeader.sequence(f, 0), "gap kept where the loss was");
            assertEquals((9000L * (inSeq / 3) + tsOffset) & 0xffffffffL, RtpHeader.timestamp(f, 0));
            assertEquals(96, RtpHeader.payloadType(f, 0));
        }

        // bob lost out-seq of 103 on his leg (held: RTX from the buffer) and 105 (never received: upstream)
        int out103 = (firstOut + 3) & 0xffff;
        int out105 = (firstOut + 5) & 0xffff;
        byte[] nack = new byte[64];
        int n = RtcpEncoder.nack(nack, 0, 777, consumerSsrc, new int[] {out103}, new int[] {1 << 1}, 1);
        receive(bobClient, Arrays.copyOf(nack, n), true, BOB);

        List<byte[]> rtx = sentTo(BOB, bobClient, false);
        assertEquals(1, rtx.size(), "only 103 is held");
        byte[] r = rtx.get(0);
        assertEquals(consumerRtxSsrc, RtpHeader.ssrc(r, 0));
        assertEquals(97, RtpHeader.payloadType(r, 0));
        int h = RtpHeader.headerLength(r, 0, r.length);
        assertEquals(out103, RtpHeader.readShort(r, h), "RTX payload starts with the original sequence number");
        byte[] original = rtp(103, 9000L * 34, 103);
        assertArrayEquals(Arrays.copyOfRange(original, 20, original.length), Arrays.copyOfRange(r, h + 2, r.length));
        assertEquals(List.of("NACK " + ALICE_VIDEO + " 105 0"), rtcpEvents(sentTo(ALICE, aliceClient, true)));

        // alice answers the NACK for 105 on her RTX stream, and also sends 101 again unasked (libwebrtc
        // probes its bandwidth with old packets on RTX): only the answer goes on to bob
        receive(aliceClient, rtxOf(rtp(101, 9000L * 33, 101), 500), false, ALICE);
        receive(aliceClient, rtxOf(rtp(105, 9000L * 35, 105), 501), false, ALICE);
        List<byte[]> answered = sentTo(BOB, bobClient, false);
        assertEquals(1, answered.size(), "only the RTX answering the relay's NACK is forwarded");
        int ha = RtpHeader.headerLength(answered.get(0), 0, answered.get(0).length);
        assertEquals(out105, RtpHeader.readShort(answered.get(0), ha));

        // key frame requests from the subscriber reach the publisher, at most one per 300 ms
        Thread.sleep(350);
        byte[] pli = new byte[12];
        RtcpEncoder.pli(pli, 0, 777, consumerSsrc);
        receive(bobClient, pli, true, BOB);
        receive(bobClient, pli, true, BOB);
        assertEquals(List.of("PLI " + ALICE_VIDEO), rtcpEvents(sentTo(ALICE, aliceClient, true)));

        // the publisher's sender report is translated to the consumer's SSRC and timeline
        byte[] sr = new byte[28];
        RtcpEncoder.senderReport(sr, 0, ALICE_VIDEO, 0x1122334455667788L, 9000L * 36, 9, 450);
        receive(aliceClient, sr, true, ALICE);
        assertEquals(
                List.of("SR " + consumerSsrc + " " + 0x1122334455667788L + " " + ((9000L * 36 + tsOffset) & 0xffffffffL)
                        + " 9"),
                rtcpEvents(sentTo(BOB, bobClient, true)));

        // bob's bandwidth estimate reaches alice as REMB for her video (with the next receiver report)
        byte[] remb = new byte[24];
        int rembLength = RtcpEncoder.remb(remb, 0, 777, 800_000, new int[] {consumerSsrc}, 1);
        receive(bobClient, Arrays.copyOf(remb, rembLength), true, BOB);
        long until = System.currentTimeMillis() + 3000;
        List<String> toAlice = new ArrayList<>();
        while (toAlice.stream().noneMatch(e -> e.startsWith("REMB")) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            toAlice.addAll(rtcpEvents(sentTo(ALICE, aliceClient, true)));
        }
        assertTrue(toAlice.contains("REMB 800000 " + ALICE_VIDEO + " x1"), toAlice.toString());

        RouterStats stats = router.stats().get();
        assertEquals(1, stats.nackPacketsReceived());
        assertEquals(2, stats.nackedSequences());
        assertEquals(1, stats.retransmissionsFromBuffer());
        assertEquals(2, stats.rtxSent(), "103 from the buffer, 105 answered by alice");
        assertEquals(
                1,
                worker.submit(() -> router.countersOnWorker().publisherRtxKept).get(),
                "101 was alice's probing");
        assertEquals(1, stats.nacksForwardedUpstream());
        assertEquals(9, stats.rtpForwarded());
    }

    /** Alice's video packet with the transport-wide sequence number (extension id 3 of the fixture offer). */
    private static byte[] rtpWithTransportSequence(int seq, long ts, int transportSeq) {
        byte[] b = new byte[12 + 12 + 50];
        b[0] = (byte) 0x90;
        b[1] = 96;
        RtpHeader.sequence(b, 0, seq);
        RtpHeader.timestamp(b, 0, ts);
        RtpHeader.ssrc(b, 0, ALICE_VIDEO);
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 2);
        b[16] = 0x40; // mid (id 4) "1"
        b[17] = '1';
        b[18] = 0x31; // transport-wide sequence number (id 3), two bytes
        RtpHeader.writeShort(b, 19, transportSeq);
        b[24] = (byte) 0x90; // VP8 descriptor
        b[25] = (byte) 0x80;
        b[26] = (byte) 0x80;
        b[27] = (byte) seq;
        b[28] = (byte) (seq == 0 ? 0x10 : 0x11);
        return b;
    }

    private static List<byte[]> transportCc(List<byte[]> rtcp) throws Exception {
        List<byte[]> found = new ArrayList<>();
        for (byte[] b : rtcp) {
            RtcpDecoder.decode(b, 0, b.length, new RtcpHandler() {
                @Override
                public void onTransportCc(int senderSsrc, byte[] buf, int off, int len) {
                    found.add(Arrays.copyOfRange(buf, off, off + len));
                }
            });
        }
        return found;
    }

    /**
     * Adaptive relay: the publisher's packets are answered with transport-cc feedback (at once when 100 are
     * pending), what goes to the subscriber is numbered with the subscriber's transport sequence, the
     * subscriber's feedback gives its link estimate, and the publisher gets a REMB of the call's cap instead
     * of the subscriber's REMB.
     */
    @Test
    void transportCcBothWaysWhenAdaptive() throws Exception {
        relay.close();
        relay = MediaRelay.start(MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0));
        call();
        sentTo(ALICE, aliceClient, true);
        for (int i = 0; i < 100; i++) {
            receive(aliceClient, rtpWithTransportSequence(200 + i, 9000L * i, 65500 + i), false, ALICE);
        }
        // the 50 ms timer reports what arrived since its last run (at once when 100 wait)
        List<byte[]> feedback = new ArrayList<>();
        var fb = new org.ruralconsult.media.rtcp.TransportCcFeedback();
        int reported = 0;
        long until = System.currentTimeMillis() + 3000;
        while (reported < 100 && System.currentTimeMillis() < until) {
            for (byte[] message : transportCc(sentTo(ALICE, aliceClient, true))) {
                feedback.add(message);
                fb.parse(message, 0, message.length);
                assertEquals((65500 + reported) & 0xffff, fb.baseSequence(), "reported once, in order");
                for (int i = 0; i < fb.count(); i++) {
                    assertTrue(fb.received(i), "packet " + (reported + i));
                }
                reported += fb.count();
            }
            Thread.sleep(20);
        }
        assertEquals(100, reported);

        List<byte[]> forwarded = sentTo(BOB, bobClient, false);
        assertEquals(100, forwarded.size());
        int firstTransportSeq = -1;
        for (int i = 0; i < forwarded.size(); i++) {
            byte[] f = forwarded.get(i);
            long ext = RtpHeader.findExtension(
                    f, 0, f.length, org.ruralconsult.media.sdp.SubscribeNegotiation.TRANSPORT_CC_ID);
            assertTrue(ext >= 0, "numbered for bob's transport");
            assertEquals(2, ext & 0xffff);
            int seq = RtpHeader.readShort(f, (int) (ext >> 16));
            if (i == 0) {
                firstTransportSeq = seq;
            }
            assertEquals((firstTransportSeq + i) & 0xffff, seq, "numbered in send order");
            assertTrue(
                    RtpHeader.findExtension(f, 0, f.length, 3) < 0, "alice's own transport sequence is not passed on");
        }

        // bob reports all 100 received, 1 ms apart: his link estimate appears
        byte[] status = new byte[100];
        int[] deltas = new int[100];
        Arrays.fill(status, (byte) org.ruralconsult.media.rtcp.TransportCcFeedback.SMALL_DELTA);
        Arrays.fill(deltas, 4);
        byte[] report = new byte[org.ruralconsult.media.rtcp.TransportCcWriter.maxLength(100)];
        int n = org.ruralconsult.media.rtcp.TransportCcWriter.write(
                report, 0, 777, consumerSsrc, firstTransportSeq, 100, 1000, 0, status, deltas);
        receive(bobClient, Arrays.copyOf(report, n), true, BOB);
        long estimate = router.linkEstimates().get(5, TimeUnit.SECONDS).get("bob");
        assertTrue(estimate > 0, "bob's link estimate from his feedback: " + estimate);
        assertEquals(0L, router.linkEstimates().get(5, TimeUnit.SECONDS).get("alice"), "alice subscribes to nothing");
        RouterStats stats = router.stats().get();
        assertEquals(1, stats.transportCcFeedbackReceived());
        assertEquals(feedback.size(), stats.transportCcFeedbackSent());

        // bob's REMB is not passed on (he gives transport-cc feedback); with the next receiver report
        router.capBitrate(500_000).get(5, TimeUnit.SECONDS);
        byte[] remb = new byte[24];
        int rembLength = RtcpEncoder.remb(remb, 0, 777, 800_000, new int[] {consumerSsrc}, 1);
        receive(bobClient, Arrays.copyOf(remb, rembLength), true, BOB);
        until = System.currentTimeMillis() + 3000;
        List<String> toAlice = new ArrayList<>();
        while (toAlice.stream().noneMatch(e -> e.startsWith("REMB")) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            toAlice.addAll(rtcpEvents(sentTo(ALICE, aliceClient, true)));
        }
        // alice's video has one layer: she is told bob's transport-cc estimate, which the cap bounds
        long bobEstimate = router.linkEstimates().get(5, TimeUnit.SECONDS).get("bob");
        assertTrue(bobEstimate > 0 && bobEstimate <= 500_000, "the cap bounds the estimate: " + bobEstimate);
        assertTrue(toAlice.contains("REMB " + bobEstimate + " " + ALICE_VIDEO + " x1"), toAlice.toString());
        assertTrue(toAlice.stream().noneMatch(e -> e.startsWith("REMB 800000")), toAlice.toString());
    }

    @Test
    void tamperedOrReplayedSrtpIsDroppedAndCounted() throws Exception {
        call();
        sentTo(ALICE, aliceClient, true);
        PacketScratch p = new PacketScratch();
        byte[] plain = rtp(500, 1000, 1);
        System.arraycopy(plain, 0, p.array(), 0, plain.length);
        p.setLength(plain.length);
        assertTrue(aliceClient.protectRtp(p));
        byte[] wire = Arrays.copyOf(p.array(), p.getLength());
        byte[] tampered = wire.clone();
        tampered[30] ^= 1;
        for (byte[] d : new byte[][] {wire, wire, tampered}) { // second copy is a replay
            ByteBuf b = Unpooled.wrappedBuffer(d.clone());
            onWorker(() -> {
                worker.onDatagram(b, ALICE);
                b.release();
            });
        }
        assertEquals(1, sentTo(BOB, bobClient, false).size());
        // authentic but malformed: RTP whose padding count exceeds the packet, RTCP whose length runs past the end
        byte[] badRtp = rtp(501, 1000, 1);
        badRtp[0] |= 0x20;
        badRtp[badRtp.length - 1] = (byte) 200;
        receive(aliceClient, badRtp, false, ALICE);
        byte[] badRtcp = new byte[12];
        RtcpEncoder.pli(badRtcp, 0, 1, consumerSsrc);
        badRtcp[3] = 9;
        receive(bobClient, badRtcp, true, BOB);
        RouterStats stats = router.stats().get();
        assertEquals(1, stats.drops(org.ruralconsult.media.pipeline.DropReason.RTP_MALFORMED));
        assertEquals(1, stats.drops(org.ruralconsult.media.pipeline.DropReason.RTCP_MALFORMED));
        // and the call goes on
        receive(aliceClient, rtp(502, 2000, 2), false, ALICE);
        assertEquals(1, sentTo(BOB, bobClient, false).size());
        assertEquals(2, router.stats().get().drops(org.ruralconsult.media.pipeline.DropReason.SRTP_UNPROTECT_FAILED));
    }

    /** A simulcast packet: SSRC per layer, identified only by the mid and rid extensions. */
    private static byte[] simulcastRtp(int ssrc, String rid, int seq, long ts, boolean keyframe) {
        byte[] b = new byte[12 + 8 + 40];
        b[0] = (byte) 0x90;
        b[1] = 96;
        RtpHeader.sequence(b, 0, seq);
        RtpHeader.timestamp(b, 0, ts);
        RtpHeader.ssrc(b, 0, ssrc);
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 1);
        b[16] = 0x40; // mid "1"
        b[17] = '1';
        b[18] = (byte) 0xA0; // id 10 rid, one byte
        b[19] = (byte) rid.charAt(0);
        b[20] = (byte) 0x90;
        b[21] = (byte) 0x80;
        b[22] = (byte) 0x80;
        b[23] = (byte) seq;
        b[24] = (byte) (keyframe ? 0x10 : 0x11);
        return b;
    }

    @Test
    void withoutAdaptationSimulcastForwardsTheBusiestLayerAndSwitchesAtAKeyFrameKeepingSequenceContinuous()
            throws Exception {
        relay.close();
        relay = MediaRelay.start(
                MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0).withAdaptive(false));
        call(SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", 1111, ALICE_VIDEO, 3333)
                .replace("a=ssrc-group:FID 2222 3333\r\n", "")
                .replace("a=ssrc:2222 cname:abc\r\na=ssrc:3333 cname:abc\r\n", SIMULCAST_LINES));
        sentTo(ALICE, aliceClient, true);
        String[] rids = {"q", "h", "f"};
        for (int i = 0; i < 6; i++) {
            for (int layer = 0; layer < 3; layer++) {
                receive(
                        aliceClient,
                        simulcastRtp(10 * (layer + 1), rids[layer], 1000 * layer + i, 90L * i, i == 0),
                        false,
                        ALICE);
            }
        }
        List<byte[]> got = sentTo(BOB, bobClient, false);
        assertEquals(6, got.size(), "one layer (the last rid, f) reaches the subscriber");
        int lastOut = RtpHeader.sequence(got.get(5), 0);
        for (byte[] g : got) {
            assertEquals(consumerSsrc, RtpHeader.ssrc(g, 0));
        }
        // f stops (the publisher dropped it); after a second h carries the most bytes and becomes
        // the target: the relay asks for a key frame on h and switches there, sequence continuous
        for (int i = 6; i < 30; i++) {
            receive(aliceClient, simulcastRtp(20, "h", 1000 + i, 90L * i, false), false, ALICE);
            Thread.sleep(60);
        }
        assertTrue(rtcpEvents(sentTo(ALICE, aliceClient, true)).contains("PLI 20"), "key frame asked on h");
        assertEquals(0, sentTo(BOB, bobClient, false).size(), "no switch before a key frame");
        receive(aliceClient, simulcastRtp(20, "h", 1030, 90L * 30, true), false, ALICE);
        receive(aliceClient, simulcastRtp(20, "h", 1031, 90L * 31, false), false, ALICE);
        List<byte[]> switched = sentTo(BOB, bobClient, false);
        assertEquals(2, switched.size());
        assertEquals((lastOut + 1) & 0xffff, RtpHeader.sequence(switched.get(0), 0));
        assertEquals((lastOut + 2) & 0xffff, RtpHeader.sequence(switched.get(1), 0));
        assertEquals(consumerSsrc, RtpHeader.ssrc(switched.get(0), 0));
    }

    /** Sizes and payload lengths of the three test layers q, h, f (payload length tells them apart). */
    private static final int[][] LAYERS = {{320, 180, 60}, {640, 360, 160}, {1280, 720, 400}};

    private final int[] layerSeq = {100, 20_000, 40_000};
    private final int[] layerPictureId = {5, 9000, 30_000};
    private int frames;

    /**
     * A simulcast VP8 packet, one per picture: RFC 7741 descriptor with a 15-bit picture id and
     * TL0PICIDX, then on key frames the RFC 6386 §9.1 header with the layer's size.
     */
    private static byte[] layerRtp(int layer, int seq, long ts, int pictureId, boolean keyframe) {
        int[] l = LAYERS[layer];
        byte[] b = new byte[12 + 8 + 5 + l[2]];
        b[0] = (byte) 0x90;
        b[1] = 96;
        RtpHeader.sequence(b, 0, seq);
        RtpHeader.timestamp(b, 0, ts);
        RtpHeader.ssrc(b, 0, 10 * (layer + 1));
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 1);
        b[16] = 0x40; // mid "1"
        b[17] = '1';
        b[18] = (byte) 0xA0; // rid
        b[19] = (byte) "qhf".charAt(layer);
        b[20] = (byte) 0x90; // X, S
        b[21] = (byte) 0xC0; // I, L
        b[22] = (byte) (0x80 | (pictureId >> 8));
        b[23] = (byte) pictureId;
        b[24] = (byte) pictureId; // TL0PICIDX: every picture is on TL0 here
        int p = 25;
        b[p] = (byte) (keyframe ? 0x50 : 0x51);
        b[p + 3] = (byte) 0x9d;
        b[p + 4] = 0x01;
        b[p + 5] = 0x2a;
        b[p + 6] = (byte) l[0];
        b[p + 7] = (byte) (l[0] >> 8);
        b[p + 8] = (byte) l[1];
        b[p + 9] = (byte) (l[1] >> 8);
        return b;
    }

    /** Alice sends all three layers at 30 pictures a second for {@code millis}, a key frame every 15. */
    private void sendLayers(long millis) throws Exception {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            boolean key = frames % 15 == 0;
            for (int layer = 0; layer < 3; layer++) {
                receive(
                        aliceClient,
                        layerRtp(layer, layerSeq[layer], 3000L * frames, layerPictureId[layer], key),
                        false,
                        ALICE);
                layerSeq[layer] = (layerSeq[layer] + 1) & 0xffff;
                layerPictureId[layer] = (layerPictureId[layer] + 1) & 0x7fff;
            }
            frames++;
            Thread.sleep(33);
        }
    }

    private static int layerOf(byte[] forwarded) {
        int payload = forwarded.length - RtpHeader.headerLength(forwarded, 0, forwarded.length) - 5;
        for (int l = 0; l < 3; l++) {
            if (LAYERS[l][2] == payload) {
                return l;
            }
        }
        return -1;
    }

    private static int pictureIdOf(byte[] forwarded) {
        int h = RtpHeader.headerLength(forwarded, 0, forwarded.length);
        return ((forwarded[h + 2] & 0x7f) << 8) | (forwarded[h + 3] & 0xff);
    }

    /** Sequence numbers +1, picture ids and TL0PICIDX +1 per picture, timestamps rising: no gap a decoder sees. */
    private static void assertContinuous(List<byte[]> packets, String who) {
        assertContinuous(packets, who, 90_000);
    }

    /** As above; {@code maxTicks}: the largest timestamp step allowed (the real time a pause lasted). */
    private static void assertContinuous(List<byte[]> packets, String who, long maxTicks) {
        for (int i = 1; i < packets.size(); i++) {
            byte[] a = packets.get(i - 1);
            byte[] b = packets.get(i);
            assertEquals((RtpHeader.sequence(a, 0) + 1) & 0xffff, RtpHeader.sequence(b, 0), who + " seq at " + i);
            assertEquals((pictureIdOf(a) + 1) & 0x7fff, pictureIdOf(b), who + " picture id at " + i);
            int ha = RtpHeader.headerLength(a, 0, a.length);
            int hb = RtpHeader.headerLength(b, 0, b.length);
            assertEquals((a[ha + 4] + 1) & 0xff, b[hb + 4] & 0xff, who + " TL0PICIDX at " + i);
            long dt = (RtpHeader.timestamp(b, 0) - RtpHeader.timestamp(a, 0)) & 0xffffffffL;
            assertTrue(dt > 0 && dt < maxTicks, who + " timestamp step " + dt + " at " + i);
        }
    }

    private ConsumerStats videoOf(String subscriber) throws Exception {
        return router.consumerStats().get(5, TimeUnit.SECONDS).stream()
                .filter(c -> c.subscriberId().equals(subscriber) && c.kind().equals("video"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachSubscriberGetsItsOwnLayerSwitchesContinuouslyAndIsPausedForBandwidth() throws Exception {
        relay.close();
        relay = MediaRelay.start(MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0)); // adaptive
        call(
                SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", 1111, ALICE_VIDEO, 3333)
                        .replace("a=ssrc-group:FID 2222 3333\r\n", "")
                        .replace("a=ssrc:2222 cname:abc\r\na=ssrc:3333 cname:abc\r\n", SIMULCAST_LINES),
                true);
        String track = videoOf("bob").producerId();
        router.preferredHeight("bob", track, 180).get(5, TimeUnit.SECONDS); // a thumbnail on bob's TV
        // rates are measured per second and layers chosen every 500 ms: after ~2.5 s each has its own
        sendLayers(2500);
        ConsumerStats bob = videoOf("bob");
        ConsumerStats carol = videoOf("carol");
        assertEquals(0, bob.targetLayer(), bob.toString());
        assertEquals(180, bob.height(), bob.toString());
        assertTrue(bob.targetBitrateBps() > 0, bob.toString());
        assertEquals(2, carol.targetLayer(), carol.toString());
        assertEquals(720, carol.height(), carol.toString());
        List<byte[]> toBob = sentTo(BOB, bobClient, false);
        List<byte[]> toCarol = sentTo(CAROL, carolClient, false);
        byte[] lastBob = toBob.get(toBob.size() - 1);
        assertEquals(0, layerOf(lastBob), "bob ends on q");
        assertEquals(2, layerOf(toCarol.get(toCarol.size() - 1)), "carol gets f");
        assertContinuous(toBob, "bob");
        assertContinuous(toCarol, "carol");

        // bob asks for 720: after the hold, at f's next key frame, he switches without a gap
        router.preferredHeight("bob", track, 720).get(5, TimeUnit.SECONDS);
        sendLayers(4000);
        assertEquals(2, videoOf("bob").currentLayer());
        List<byte[]> switching = new ArrayList<>();
        switching.add(lastBob);
        switching.addAll(sentTo(BOB, bobClient, false));
        assertEquals(2, layerOf(switching.get(switching.size() - 1)));
        assertContinuous(switching, "bob across the switch");
        assertTrue(router.stats().get().layerSwitches() >= 1);

        // bob's link collapses (REMB 1 kbit/s, not half of q): after the 4 s pause hold his video pauses,
        // he is told once
        byte[] remb = new byte[24];
        int rembLength = RtcpEncoder.remb(remb, 0, 777, 1_000, new int[] {consumerSsrc}, 1);
        receive(bobClient, Arrays.copyOf(remb, rembLength), true, BOB);
        sendLayers(4000); // at least the hold
        for (int i = 0; i < 20 && bobPauses.isEmpty(); i++) {
            sendLayers(500); // allocation rounds every 500 ms, on a loaded machine later
        }
        assertEquals(List.of("true 1000"), bobPauses);
        assertTrue(videoOf("bob").pausedForBandwidth());
        List<byte[]> beforePause = new ArrayList<>(switching);
        beforePause.addAll(sentTo(BOB, bobClient, false));
        assertContinuous(beforePause, "bob until paused");
        sendLayers(300);
        assertEquals(0, sentTo(BOB, bobClient, false).size(), "paused: nothing to bob");
        assertTrue(sentTo(CAROL, carolClient, false).size() > 0, "carol unaffected");
        assertEquals(1, router.stats().get().consumersPausedForBandwidth());

        // it recovers: after the hold and a key frame video flows again, numbering continuing
        rembLength = RtcpEncoder.remb(remb, 0, 777, 5_000_000, new int[] {consumerSsrc}, 1);
        receive(bobClient, Arrays.copyOf(remb, rembLength), true, BOB);
        sendLayers(4000);
        assertEquals(List.of("true 1000", "false 5000000"), bobPauses);
        List<byte[]> resumed = new ArrayList<>();
        resumed.add(beforePause.get(beforePause.size() - 1));
        resumed.addAll(sentTo(BOB, bobClient, false));
        assertTrue(resumed.size() > 1, "video flows again");
        // numbering goes on where it stopped; the timestamp moved on by the seconds the pause lasted
        assertContinuous(resumed, "bob across the pause", 90_000L * 10);
        long gap = (RtpHeader.timestamp(resumed.get(1), 0) - RtpHeader.timestamp(resumed.get(0), 0)) & 0xffffffffL;
        assertTrue(gap > 90_000L * 2, "paused more than 2 s: " + gap + " ticks");
    }
}
