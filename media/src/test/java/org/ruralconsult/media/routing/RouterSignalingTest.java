package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.sdp.MediaDescription;
import org.ruralconsult.media.sdp.SdpDecoder;
import org.ruralconsult.media.sdp.SessionDescription;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.SdpFixtures;

/** What the signaling layer sees: who needs a subscribe offer when, and what the offers hold. */
@ExtendWith(NoLeaks.class)
class RouterSignalingTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private RouterListener recorder() {
        return new RouterListener() {
            @Override
            public void onSubscribeOfferNeeded(String participantId) {
                events.add("offer:" + participantId);
            }

            @Override
            public void onParticipantGone(String participantId, String reason) {
                events.add("gone:" + participantId);
            }
        };
    }

    @Test
    void lateJoinerLeaveAndRenegotiation() throws Exception {
        try (MediaRelay relay =
                MediaRelay.start(MediaOptions.defaults().withWorkers(2).withBind("127.0.0.1", 0))) {
            assertEquals(2, relay.ports().size());
            Router router = relay.createRouter("signaling");
            Router other = relay.createRouter("other-call");
            assertTrue(router.worker() != other.worker(), "calls spread over workers");

            router.join("alice", recorder()).get(5, TimeUnit.SECONDS);
            router.publish("alice", SdpFixtures.publishOffer("aliceU", "alicePasswordAlicePassword", 1, 2, 3))
                    .get(5, TimeUnit.SECONDS);
            assertEquals(List.of(), events, "alone in the call: nothing to subscribe to");

            router.join("bob", recorder()).get(5, TimeUnit.SECONDS);
            assertEquals(List.of("offer:bob"), events, "a late joiner is told to fetch an offer at once");
            String bobOffer = router.subscribeOffer("bob").get();
            SessionDescription offer = SdpDecoder.decode(bobOffer);
            assertEquals(2, offer.media.size());
            assertEquals("sendonly", offer.media.get(0).direction());
            assertEquals("alice", offer.media.get(1).value("msid").split(" ")[0]);

            // bob publishes while his offer is out: alice needs one, bob's waits for his answer
            router.publish("bob", SdpFixtures.publishOffer("bobU", "bobPasswordBobPasswordBob", 4, 5, 6))
                    .get(5, TimeUnit.SECONDS);
            assertEquals(List.of("offer:bob", "offer:alice"), events);
            router.subscribeAnswer("bob", SdpFixtures.subscribeAnswer(bobOffer, "bobU", "bobPasswordBobPasswordBob"))
                    .get(5, TimeUnit.SECONDS);
            assertEquals(List.of("offer:bob", "offer:alice"), events, "nothing new for bob after his answer");

            // ICE restart of bob's subscribe side: new relay credentials in a new offer
            events.clear();
            router.restartIce("bob").get(5, TimeUnit.SECONDS);
            assertEquals(List.of("offer:bob"), events);
            String restarted = router.subscribeOffer("bob").get();
            assertTrue(!SdpFixtures.attribute(restarted, "ice-ufrag")
                    .equals(SdpFixtures.attribute(bobOffer, "ice-ufrag")));
            assertTrue(!SdpFixtures.attribute(restarted, "ice-pwd").equals(SdpFixtures.attribute(bobOffer, "ice-pwd")));
            router.subscribeAnswer("bob", SdpFixtures.subscribeAnswer(restarted, "bobU2", "bobPasswordBobPasswordBo2"))
                    .get(5, TimeUnit.SECONDS);

            // alice leaves: bob's sections go inactive (m-lines are never removed) and he is told
            events.clear();
            router.leave("alice").get(5, TimeUnit.SECONDS);
            assertEquals(List.of("offer:bob"), events);
            SessionDescription after =
                    SdpDecoder.decode(router.subscribeOffer("bob").get());
            assertEquals(2, after.media.size());
            for (MediaDescription m : after.media) {
                assertEquals("inactive", m.direction());
                assertEquals(null, m.value("ssrc"));
            }
            assertEquals(List.of("bob"), router.participantIds().get());

            ExecutionException e = assertThrows(ExecutionException.class, () -> router.publish("carol", "v=0\r\n")
                    .get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, "not joined");
            router.join("carol", recorder()).get();
            e = assertThrows(ExecutionException.class, () -> router.publish("carol", "not sdp")
                    .get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof org.ruralconsult.media.sdp.SdpException);

            router.close().get(5, TimeUnit.SECONDS);
            assertTrue(relay.router("signaling") == null);
            assertThrows(ExecutionException.class, () -> router.join("dave", recorder())
                    .get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void advertisedAddressAndPortGoIntoTheCandidate() throws Exception {
        try (MediaRelay relay = MediaRelay.start(MediaOptions.defaults()
                .withWorkers(1)
                .withBind("127.0.0.1", 0)
                .withAdvertisedAddress("198.51.100.7"))) {
            Router router = relay.createRouter("nat");
            router.join("alice", recorder()).get();
            String answer = router.publish(
                            "alice", SdpFixtures.publishOffer("aliceU", "alicePasswordAlicePassword", 1, 2, 3))
                    .get(5, TimeUnit.SECONDS);
            assertEquals(
                    "1 1 udp 2130706431 198.51.100.7 " + relay.ports().get(0) + " typ host generation 0",
                    SdpFixtures.attribute(answer, "candidate"));
            assertTrue(answer.contains("a=fingerprint:sha-256 " + relay.fingerprint()));
        }
    }
}
