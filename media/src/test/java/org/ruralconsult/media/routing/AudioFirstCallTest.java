package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.PeerConnectionFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.testing.LibWebRtc;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.WebRtcPeer;

/**
 * Audio through the relay between real libwebrtc peers (webrtc-java), audio only: RED (RFC 2198) to a
 * subscriber that keeps it and stripped for one whose answer drops it, under 5 % loss on the way in;
 * and the dominant speaker from RFC 6464 levels.
 */
@ExtendWith(NoLeaks.class)
class AudioFirstCallTest {
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

    private static MediaOptions options() {
        return MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0);
    }

    /** Carol's client takes RED out of its subscribe answer: the relay must send her plain Opus. */
    static String withoutRed(String answer) {
        StringBuilder out = new StringBuilder();
        for (String line : answer.split("\r\n")) {
            if (line.startsWith("m=audio ")) {
                line = line.replace(" 63", "");
            } else if (line.startsWith("a=rtpmap:63 ") || line.startsWith("a=fmtp:63 ")) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    private static void connect(Router router, WebRtcPeer... peers) throws Exception {
        for (WebRtcPeer p : peers) {
            p.publish(false);
        }
        for (WebRtcPeer p : peers) {
            p.startAudio();
        }
        for (WebRtcPeer p : peers) {
            CompletableFuture.allOf(p.publishConnected, p.subscribeConnected).get(30, TimeUnit.SECONDS);
        }
    }

    private static void waitFor(BooleanSupplier condition, long millis, String what, WebRtcPeer... peers)
            throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            for (WebRtcPeer p : peers) {
                assertNull(p.failure(), () -> String.valueOf(p.failure()));
            }
            assertTrue(System.currentTimeMillis() < end, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void redIsForwardedToBobAndStrippedWithRepairsForCarolUnderFivePercentLoss() throws Exception {
        try (MediaRelay relay = MediaRelay.start(options().withIngressLossForTest(0.05))) {
            Router router = relay.createRouter("red-call");
            try (WebRtcPeer alice = new WebRtcPeer(factory, router, "alice");
                    WebRtcPeer bob = new WebRtcPeer(factory, router, "bob");
                    WebRtcPeer carol = new WebRtcPeer(factory, router, "carol")) {
                carol.subscribeAnswerMunging = AudioFirstCallTest::withoutRed;
                for (WebRtcPeer p : List.of(alice, bob, carol)) {
                    router.join(p == alice ? "alice" : p == bob ? "bob" : "carol", p)
                            .get(5, TimeUnit.SECONDS);
                }
                connect(router, alice, bob, carol);
                System.out.println("libwebrtc audio offer: "
                        + alice.publishOffer
                                .lines()
                                .filter(l -> l.startsWith("m=audio") || l.contains("red/") || l.contains("opus"))
                                .toList());
                assertTrue(alice.publishOffer.contains("red/48000/2"), "webrtc-java offers RED by default");
                assertTrue(alice.publishAnswer.contains("usedtx=1"));
                waitFor(
                        () -> received(bob) > 2000 && received(carol) > 2000,
                        20_000,
                        "audio at bob and carol",
                        alice,
                        bob,
                        carol);
                Thread.sleep(1000);
                long[] bob0 = concealment(bob);
                long[] carol0 = concealment(carol);
                Thread.sleep(6000);
                long[] bob1 = concealment(bob);
                long[] carol1 = concealment(carol);
                double bobConcealed = (double) (bob1[0] - bob0[0]) / (bob1[1] - bob0[1]);
                double carolConcealed = (double) (carol1[0] - carol0[0]) / (carol1[1] - carol0[1]);
                RouterStats stats = router.stats().get(5, TimeUnit.SECONDS);
                System.out.printf(
                        "red-call: concealed/received bob %.4f (%d samples) carol %.4f (%d samples); %s%n",
                        bobConcealed, bob1[1] - bob0[1], carolConcealed, carol1[1] - carol0[1], stats);
                for (WebRtcPeer p : List.of(alice, bob, carol)) {
                    assertNull(p.failure(), () -> String.valueOf(p.failure()));
                }
                assertTrue(stats.drops(DropReason.INGRESS_LOSS_TEST) > 0, "loss on the way in");
                assertTrue(stats.redForwarded() > 0, "RED to the subscribers that kept it: " + stats);
                assertTrue(stats.redStripped() > 0, "plain Opus to carol: " + stats);
                assertTrue(stats.redRecovered() > 0, "lost packets rebuilt for carol: " + stats);
                assertEquals(0, stats.drops(DropReason.RED_MALFORMED));
                assertTrue(bob1[1] - bob0[1] > 48_000 * 6, "bob decodes both others' audio");
                assertTrue(carol1[1] - carol0[1] > 48_000 * 6, "carol decodes both others' audio");
                assertTrue(bobConcealed < 0.03, "bob: concealed share " + bobConcealed);
                assertTrue(carolConcealed < 0.03, "carol: concealed share " + carolConcealed);
            }
        }
    }

    private static long received(WebRtcPeer p) {
        try {
            return p.inboundBytes("audio");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** concealedSamples and totalSamplesReceived over the subscriber's inbound audio. */
    private static long[] concealment(WebRtcPeer p) throws Exception {
        return new long[] {p.inbound("audio", "concealedSamples"), p.inbound("audio", "totalSamplesReceived")};
    }

    @Test
    void theLoudMemberIsNamedTheDominantSpeakerToEveryone() throws Exception {
        try (MediaRelay relay = MediaRelay.start(options())) {
            Router router = relay.createRouter("speaker-call");
            try (WebRtcPeer alice = new WebRtcPeer(factory, router, "alice");
                    WebRtcPeer bob = new WebRtcPeer(factory, router, "bob");
                    WebRtcPeer carol = new WebRtcPeer(factory, router, "carol")) {
                alice.audioAmplitude = 0;
                bob.audioAmplitude = 16000; // a loud tone, about -9 dBov
                carol.audioAmplitude = 0;
                router.join("alice", alice).get(5, TimeUnit.SECONDS);
                router.join("bob", bob).get(5, TimeUnit.SECONDS);
                router.join("carol", carol).get(5, TimeUnit.SECONDS);
                connect(router, alice, bob, carol);
                waitFor(
                        () -> List.of(alice, bob, carol).stream().allMatch(p -> !p.dominantSpeakers.isEmpty()),
                        20_000,
                        "a dominant speaker",
                        alice,
                        bob,
                        carol);
                Thread.sleep(2000);
                RouterStats stats = router.stats().get(5, TimeUnit.SECONDS);
                System.out.println("speaker-call: alice heard " + alice.dominantSpeakers + ", bob "
                        + bob.dominantSpeakers + ", carol " + carol.dominantSpeakers + "; " + stats);
                for (WebRtcPeer p : List.of(alice, bob, carol)) {
                    assertEquals(List.of("bob"), p.dominantSpeakers, "told once, and it is bob");
                }
                assertEquals("bob", router.dominantSpeaker().get(5, TimeUnit.SECONDS));
                assertTrue(stats.audioLevelPackets() > 0);
            }
        }
    }
}
