package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.act;
import static org.ruralconsult.signaling.CallFlowTest.create;
import static org.ruralconsult.signaling.CallFlowTest.waitFor;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.media.MediaRelay;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * The media.* messages and the {@link MediaRelay} seam: without a relay they are answered
 * not_implemented; with one, only JOINED members of a live call reach it, its answers and subscribe
 * offers reach the client, and it hears which participants and calls are gone. The relay here records
 * what signaling hands it (the real one is module media).
 */
class MediaSeamTest {
    /** Records every call; answers publish with a fixed SDP; can push subscribe offers. */
    static final class RecordingRelay implements MediaRelay {
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile SubscribeOffers offers;

        @Override
        public Future<String> publish(String callId, Party participant, String offerSdp) {
            seen.add("publish " + participant.id() + " " + offerSdp);
            return Future.succeededFuture("answer-for-" + participant.id());
        }

        @Override
        public Future<Void> receive(String callId, Party participant) {
            seen.add("receive " + participant.id());
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> subscribeAnswer(String callId, Party participant, String answerSdp) {
            seen.add("subscribe " + participant.id() + " " + answerSdp);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> iceRestart(String callId, Party participant, String peerConnection) {
            seen.add("ice_restart " + participant.id() + " " + peerConnection);
            return Future.succeededFuture();
        }

        @Override
        public void participantGone(String callId, String participantId) {
            seen.add("gone " + participantId);
        }

        @Override
        public void callEnded(String callId) {
            seen.add("ended " + callId);
        }

        @Override
        public void subscribeOffers(SubscribeOffers offers) {
            this.offers = offers;
        }
    }

    @Test
    void withoutARelayAMemberOfALiveCallGetsNotImplemented() throws Exception {
        try (TestNode node = TestNode.start()) {
            String tvToken = node.pairTv("pat-wang");
            try (WsClient doctor = node.ws("liming");
                    WsClient tv = node.wsWithToken(tvToken)) {
                String id = create(doctor, "patient_tv", "pat-wang").getString("id");
                act(tv, "call.accept", id);
                JsonObject reply = doctor.request(
                        new JsonObject()
                                .put("type", "media.publish")
                                .put("callId", id)
                                .put("sdp", "v=0"),
                        "media.answer");
                assertEquals("not_implemented", reply.getString("code"));
                JsonObject restart = doctor.request(
                        new JsonObject()
                                .put("type", "media.ice_restart")
                                .put("callId", id)
                                .put("pc", "subscribe"),
                        "ack");
                assertEquals("not_implemented", restart.getString("code"));
                JsonObject receive =
                        tv.request(new JsonObject().put("type", "media.receive").put("callId", id), "ack");
                assertEquals("not_implemented", receive.getString("code"));
            }
        }
    }

    @Test
    void onlyJoinedMembersReachTheRelayAndItsSdpReachesTheClient() throws Exception {
        RecordingRelay relay = new RecordingRelay();
        try (TestNode node = TestNode.start(o -> o, null, relay)) {
            String tvToken = node.pairTv("pat-wang");
            try (WsClient doctor = node.ws("liming");
                    WsClient other = node.ws("zhangfang");
                    WsClient tv = node.wsWithToken(tvToken)) {
                String id = create(doctor, "patient_tv", "pat-wang").getString("id");
                JsonObject early = doctor.request(
                        new JsonObject()
                                .put("type", "media.publish")
                                .put("callId", id)
                                .put("sdp", "offer-1"),
                        "media.answer");
                assertEquals("illegal_state", early.getString("code"), "no media while the call still rings");
                act(tv, "call.accept", id);

                JsonObject answer = doctor.request(
                        new JsonObject()
                                .put("type", "media.publish")
                                .put("callId", id)
                                .put("sdp", "offer-1"),
                        "media.answer");
                assertEquals("media.answer", answer.getString("type"), answer.encode());
                assertEquals("answer-for-doc-li", answer.getString("sdp"));
                assertEquals(id, answer.getString("callId"));

                JsonObject outsider = other.request(
                        new JsonObject()
                                .put("type", "media.publish")
                                .put("callId", id)
                                .put("sdp", "offer-x"),
                        "media.answer");
                assertEquals("forbidden", outsider.getString("code"));

                tv.ack(new JsonObject().put("type", "media.receive").put("callId", id));
                JsonObject outsiderReceive = other.request(
                        new JsonObject().put("type", "media.receive").put("callId", id), "ack");
                assertEquals("forbidden", outsiderReceive.getString("code"));
                relay.offers.offer(id, "tv-wang", "subscribe-offer-1");
                JsonObject offer = tv.awaitType("media.offer");
                assertEquals("subscribe-offer-1", offer.getString("sdp"));
                tv.ack(new JsonObject()
                        .put("type", "media.subscribe")
                        .put("callId", id)
                        .put("sdp", "answer-1"));
                tv.ack(new JsonObject()
                        .put("type", "media.ice_restart")
                        .put("callId", id)
                        .put("pc", "publish"));

                act(doctor, "call.end", id);
                waitFor(() -> relay.seen.contains("ended " + id));
                assertEquals(
                        List.of(
                                "publish doc-li offer-1",
                                "receive tv-wang",
                                "subscribe tv-wang answer-1",
                                "ice_restart tv-wang publish"),
                        relay.seen.stream()
                                .filter(s -> !s.startsWith("ended") && !s.startsWith("gone"))
                                .toList());
                assertTrue(
                        relay.seen.stream().noneMatch(s -> s.contains("offer-x")),
                        "the outsider never reached the relay");
            }
        }
    }
}
