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
        volatile MediaSignals signals;

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
        public Future<Void> audioOnly(String callId, Party participant, boolean on) {
            seen.add("audio_only " + participant.id() + " " + on);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> prefer(String callId, Party participant, String trackId, int maxHeight) {
            seen.add("prefer " + participant.id() + " " + trackId + " " + maxHeight);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> cap(String callId, Party participant, int maxKbps) {
            seen.add("cap " + participant.id() + " " + maxKbps);
            return Future.succeededFuture();
        }

        @Override
        public void mediaSignals(MediaSignals signals) {
            this.signals = signals;
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
                for (JsonObject m : List.of(
                        new JsonObject().put("type", "media.audio_only").put("on", true),
                        new JsonObject()
                                .put("type", "media.prefer")
                                .put("trackId", "t")
                                .put("maxHeight", 180),
                        new JsonObject().put("type", "media.cap").put("maxKbps", 300))) {
                    JsonObject refused = doctor.request(m.put("callId", id), "ack");
                    assertEquals("not_implemented", refused.getString("code"), m.encode());
                }
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

    @Test
    void audioOnlyPreferAndCapReachTheRelayAndItsSignalsReachTheMember() throws Exception {
        RecordingRelay relay = new RecordingRelay();
        try (TestNode node = TestNode.start(o -> o, null, relay)) {
            String tvToken = node.pairTv("pat-wang");
            try (WsClient doctor = node.ws("liming");
                    WsClient other = node.ws("zhangfang");
                    WsClient tv = node.wsWithToken(tvToken)) {
                String id = create(doctor, "patient_tv", "pat-wang").getString("id");
                JsonObject ringing = doctor.request(
                        new JsonObject()
                                .put("type", "media.audio_only")
                                .put("callId", id)
                                .put("on", true),
                        "ack");
                assertEquals("illegal_state", ringing.getString("code"), "not while the call rings");
                act(tv, "call.accept", id);
                String track = id + "/tv-wang/1";

                doctor.ack(new JsonObject()
                        .put("type", "media.audio_only")
                        .put("callId", id)
                        .put("on", true));
                doctor.ack(new JsonObject()
                        .put("type", "media.prefer")
                        .put("callId", id)
                        .put("trackId", track)
                        .put("maxHeight", 180));
                doctor.ack(new JsonObject()
                        .put("type", "media.cap")
                        .put("callId", id)
                        .put("maxKbps", 300));
                tv.ack(new JsonObject()
                        .put("type", "media.audio_only")
                        .put("callId", id)
                        .put("on", false));

                // schema: codes for what is missing or out of range
                assertEquals(
                        "invalid_message",
                        doctor.request(
                                        new JsonObject()
                                                .put("type", "media.audio_only")
                                                .put("callId", id),
                                        "ack")
                                .getString("code"));
                assertEquals(
                        "invalid_message",
                        doctor.request(
                                        new JsonObject()
                                                .put("type", "media.prefer")
                                                .put("callId", id)
                                                .put("trackId", track)
                                                .put("maxHeight", -1),
                                        "ack")
                                .getString("code"));
                assertEquals(
                        "invalid_message",
                        doctor.request(
                                        new JsonObject()
                                                .put("type", "media.prefer")
                                                .put("callId", id)
                                                .put("trackId", "a b")
                                                .put("maxHeight", 180),
                                        "ack")
                                .getString("code"));
                assertEquals(
                        "invalid_message",
                        doctor.request(
                                        new JsonObject()
                                                .put("type", "media.cap")
                                                .put("callId", id)
                                                .put("maxKbps", 60000),
                                        "ack")
                                .getString("code"));
                // roles and membership
                JsonObject tvCap = tv.request(
                        new JsonObject()
                                .put("type", "media.cap")
                                .put("callId", id)
                                .put("maxKbps", 300),
                        "ack");
                assertEquals("forbidden", tvCap.getString("code"), "the cap is the call's: a TV chooses audio only");
                JsonObject outsider = other.request(
                        new JsonObject()
                                .put("type", "media.prefer")
                                .put("callId", id)
                                .put("trackId", track)
                                .put("maxHeight", 0),
                        "ack");
                assertEquals("forbidden", outsider.getString("code"));
                JsonObject unknown = doctor.request(
                        new JsonObject()
                                .put("type", "media.cap")
                                .put("callId", "call-nope")
                                .put("maxKbps", 0),
                        "ack");
                assertEquals("not_found", unknown.getString("code"));

                assertEquals(
                        List.of(
                                "audio_only doc-li true",
                                "prefer doc-li " + track + " 180",
                                "cap doc-li 300",
                                "audio_only tv-wang false"),
                        List.copyOf(relay.seen));

                // the relay's signals reach only the member they are for, as pushes
                relay.signals.speaker(id, "tv-wang", "doc-li");
                JsonObject speaker = tv.awaitType("media.speaker");
                assertEquals(id, speaker.getString("callId"));
                assertEquals("doc-li", speaker.getString("participantId"));
                relay.signals.speaker(id, "tv-wang", null);
                JsonObject nobody = tv.await(m -> "media.speaker".equals(m.getString("type"))
                        && m.containsKey("participantId")
                        && m.getValue("participantId") == null);
                assertEquals(id, nobody.getString("callId"));
                relay.signals.videoPaused(id, "doc-li", true, 250_400);
                JsonObject paused = doctor.awaitType("media.video_paused");
                assertEquals(true, paused.getBoolean("paused"));
                assertEquals(250, paused.getInteger("estimateKbps"));
                assertTrue(
                        tv.snapshot().stream().noneMatch(m -> "media.video_paused".equals(m.getString("type"))),
                        "the TV's link was not the one paused");
                assertTrue(
                        doctor.snapshot().stream().noneMatch(m -> "media.speaker".equals(m.getString("type"))),
                        "the speaker signal was the TV's");
            }
        }
    }
}
