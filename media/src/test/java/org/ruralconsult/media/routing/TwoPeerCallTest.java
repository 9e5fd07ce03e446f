package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.PeerConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.testing.LibWebRtc;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.WebRtcPeer;

/**
 * Two real libwebrtc participants (webrtc-java) publish and subscribe through the relay, each with
 * a publish and a subscribe PeerConnection, SDP exchanged through the Java API only.
 */
@ExtendWith(NoLeaks.class)
class TwoPeerCallTest {
    private static LibWebRtc webrtc;
    private static PeerConnectionFactory factory;

    @BeforeAll
    static void startLibWebRtc() {
        webrtc = LibWebRtc.start();
        factory = webrtc.factory();
    }

    @AfterAll
    static void stopLibWebRtc() {
        webrtc.close();
    }

    record Result(
            double ratioAtoB,
            double ratioBtoA,
            long audioBytesA,
            long audioBytesB,
            RouterStats stats,
            String answer,
            java.util.Map<String, Long> linkEstimates,
            long aliceAvailableOutgoing,
            long bobAvailableOutgoing) {}

    private Result runCall(MediaOptions options, String callId, long measureMillis) throws Exception {
        try (MediaRelay relay = MediaRelay.start(options)) {
            Router router = relay.createRouter(callId);
            List<String> recording = java.util.Collections.synchronizedList(new ArrayList<>());
            router.feedbackTap(recorder(recording)).get(5, TimeUnit.SECONDS);
            try (WebRtcPeer a = new WebRtcPeer(factory, router, "alice");
                    WebRtcPeer b = new WebRtcPeer(factory, router, "bob")) {
                router.join("alice", a).get(5, TimeUnit.SECONDS);
                router.join("bob", b).get(5, TimeUnit.SECONDS);
                a.publish();
                b.publish();
                a.startMedia();
                b.startMedia();
                CompletableFuture.allOf(
                                a.publishConnected, b.publishConnected, a.subscribeConnected, b.subscribeConnected)
                        .get(20, TimeUnit.SECONDS);
                waitFor(() -> a.framesDecoded.get() > 0 && b.framesDecoded.get() > 0, 15_000, a, b);
                Thread.sleep(1000); // let the first key frame settle
                long pushedA0 = a.framesPushed.get();
                long pushedB0 = b.framesPushed.get();
                long decodedA0 = a.framesDecoded.get();
                long decodedB0 = b.framesDecoded.get();
                Thread.sleep(measureMillis);
                double aToB = (double) (b.framesDecoded.get() - decodedB0) / (a.framesPushed.get() - pushedA0);
                double bToA = (double) (a.framesDecoded.get() - decodedA0) / (b.framesPushed.get() - pushedB0);
                assertNull(a.failure(), () -> "alice: " + a.failure());
                assertNull(b.failure(), () -> "bob: " + b.failure());
                Result r = new Result(
                        aToB,
                        bToA,
                        a.inboundBytes("audio"),
                        b.inboundBytes("audio"),
                        router.stats().get(5, TimeUnit.SECONDS),
                        a.publishAnswer,
                        router.linkEstimates().get(5, TimeUnit.SECONDS),
                        a.publishAvailableOutgoingBitrate(),
                        b.publishAvailableOutgoingBitrate());
                System.out.println(callId + ": " + r);
                String recordTo = System.getProperty("bwe.record");
                if (recordTo != null && callId.equals("clean-call")) {
                    // recorded for FeedbackReplayTest: mvn ... -Dtest=TwoPeerCallTest -Dbwe.record=<file>
                    List<String> lines = new ArrayList<>();
                    lines.add("# transport-cc feedback from real webrtc-java subscribers through the relay"
                            + " (TwoPeerCallTest clean call, loopback, 320x240 VP8 + Opus)");
                    lines.add("# F <participant> <relay time us> <estimate after, bit/s> <RTCP message, hex>");
                    lines.add("# S <transport seq> <send time us> <size> <probe cluster>: packets of the F line above");
                    synchronized (recording) {
                        lines.addAll(recording);
                    }
                    java.nio.file.Files.write(java.nio.file.Path.of(recordTo), lines);
                }
                for (WebRtcPeer x : new WebRtcPeer[] {a, b}) {
                    System.out.println(callId + " peer: pushed=" + x.framesPushed.get() + " encoded="
                            + x.outbound("video", "framesEncoded") + " sent=" + x.outbound("video", "framesSent")
                            + " decodedSink=" + x.framesDecoded.get() + " decoded="
                            + x.inbound("video", "framesDecoded")
                            + " received=" + x.inbound("video", "framesReceived") + " nack="
                            + x.inbound("video", "nackCount")
                            + " lost=" + x.inbound("video", "packetsLost") + " qualityLimitation="
                            + x.outboundText("video", "qualityLimitationReason"));
                }
                return r;
            }
        }
    }

    /** Records each feedback message and the sent packets it reports, times relative to the first. */
    private static FeedbackTap recorder(List<String> out) {
        long[] base = {Long.MIN_VALUE};
        return (id, b, off, len, history, now, estimate) -> {
            if (base[0] == Long.MIN_VALUE) {
                base[0] = now;
            }
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < len; i++) {
                hex.append(String.format("%02x", b[off + i]));
            }
            out.add("F " + id + " " + (now - base[0]) / 1000 + " " + estimate + " " + hex);
            var fb = new org.ruralconsult.media.rtcp.TransportCcFeedback();
            try {
                fb.parse(b, off, len);
            } catch (org.ruralconsult.media.rtcp.RtcpException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < fb.count(); i++) {
                int seq = fb.sequence(i);
                if (history.contains(seq)) {
                    out.add("S " + seq + " " + (history.sendNanos(seq) - base[0]) / 1000 + " " + history.size(seq) + " "
                            + history.cluster(seq));
                }
            }
        };
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long millis, WebRtcPeer a, WebRtcPeer b)
            throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertNull(a.failure(), () -> "alice: " + a.failure());
            assertNull(b.failure(), () -> "bob: " + b.failure());
            assertTrue(System.currentTimeMillis() < end, "timed out waiting for decoded frames");
            Thread.sleep(50);
        }
    }

    private static MediaOptions options() {
        return MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0);
    }

    @Test
    void eachPeerDecodesTheOthersVideoAndReceivesAudio() throws Exception {
        Result r = runCall(options(), "clean-call", 5000);
        assertTrue(r.ratioAtoB() >= 0.9, "alice->bob decoded/pushed " + r.ratioAtoB());
        assertTrue(r.ratioBtoA() >= 0.9, "bob->alice decoded/pushed " + r.ratioBtoA());
        assertTrue(r.audioBytesA() > 1000, "alice audio bytes " + r.audioBytesA());
        assertTrue(r.audioBytesB() > 1000, "bob audio bytes " + r.audioBytesB());
        assertTrue(r.stats().rtpForwarded() > 0);
        assertTrue(r.stats().keyframeRequestsSent() > 0, "a PLI goes to each publisher when its consumer starts");
        assertTrue(r.stats().receiverReportsSent() > 0);
        // adaptive (the default): transport-cc both ways instead of REMB passed through
        assertTrue(r.stats().transportCcFeedbackSent() > 0, "transport-cc feedback to publishers: " + r.stats());
        assertTrue(r.stats().transportCcFeedbackReceived() > 0, "transport-cc feedback from subscribers: " + r.stats());
        for (String who : new String[] {"alice", "bob"}) {
            long e = r.linkEstimates().get(who);
            // one 320x240 VP8 stream and Opus on loopback: at least what was sent, at most the 20 Mbit/s ceiling
            assertTrue(e >= 100_000 && e <= 20_000_000, who + "'s link estimate " + e + " bit/s");
        }
        assertTrue(r.aliceAvailableOutgoing() > 0, "alice's own estimator runs on the relay's feedback");
        assertTrue(r.bobAvailableOutgoing() > 0, "bob's own estimator runs on the relay's feedback");
        assertEquals(0, r.stats().rembSent(), "no REMB without a cap when adaptive");
    }

    @Test
    void notAdaptivePassesSubscribersRembAsBefore() throws Exception {
        Result r = runCall(options().withAdaptive(false), "plain-call", 5000);
        assertTrue(r.ratioAtoB() >= 0.9, "alice->bob decoded/pushed " + r.ratioAtoB());
        assertTrue(r.stats().rembSent() > 0, "subscribers' REMB reaches publishers");
        assertEquals(0, r.stats().transportCcFeedbackSent());
        assertEquals(0, r.stats().transportCcFeedbackReceived());
        assertEquals(0L, r.linkEstimates().get("bob"));
        assertTrue(!r.answer().contains("transport-cc"), "no transport-cc negotiated");
    }

    @Test
    void videoKeepsDecodingWithFivePercentIngressLossThroughNackAndRtx() throws Exception {
        Result r = runCall(options().withIngressLossForTest(0.05), "lossy-call", 6000);
        assertTrue(r.stats().drops(org.ruralconsult.media.pipeline.DropReason.INGRESS_LOSS_TEST) > 0);
        assertTrue(r.stats().nackPacketsReceived() > 0, "NACKs from subscribers: " + r.stats());
        assertTrue(r.stats().rtxSent() > 0, "RTX to subscribers: " + r.stats());
        assertTrue(r.ratioAtoB() >= 0.8, "alice->bob decoded/pushed under loss " + r.ratioAtoB());
        assertTrue(r.ratioBtoA() >= 0.8, "bob->alice decoded/pushed under loss " + r.ratioBtoA());
    }

    @Test
    void h264ConstrainedBaselineCallDecodesBothWays() throws Exception {
        Result r = runCall(options().withVideoCodecs(java.util.List.of("H264")), "h264-call", 4000);
        assertTrue(r.answer().contains("H264/90000"), "H.264 negotiated");
        assertTrue(r.answer().contains("packetization-mode=1") && r.answer().contains("profile-level-id=42e01f"));
        assertTrue(!r.answer().contains("VP8/90000"));
        assertTrue(r.ratioAtoB() >= 0.9, "alice->bob decoded/pushed " + r.ratioAtoB());
        assertTrue(r.ratioBtoA() >= 0.9, "bob->alice decoded/pushed " + r.ratioBtoA());
    }
}
