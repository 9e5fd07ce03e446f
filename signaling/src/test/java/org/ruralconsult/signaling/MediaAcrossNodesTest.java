package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.act;
import static org.ruralconsult.signaling.CallFlowTest.create;
import static org.ruralconsult.signaling.CallFlowTest.waitFor;
import static org.ruralconsult.signaling.testing.MediaPublish.publish;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.calls.store.RedisStateStore;
import org.ruralconsult.calls.testing.RedisProcess;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.ToneMember;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;

/**
 * Issue 10, part 3: the members of one consult on two signaling nodes (one real Redis, the real
 * in-process SFU on each node) see and hear each other through the one node that holds the call's
 * media, with real libwebrtc peers (the TV's own media code); and when that node is gone, a member gets
 * {@code media_unavailable} instead of a silent JOINED without media.
 */
class MediaAcrossNodesTest {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);
    /** The relay's detector and allocator work on seconds of media; the machine may be loaded. */
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(60);

    static RedisProcess redis;
    static RedisStateStore store1;
    static RedisStateStore store2;
    static TestNode node1;
    static TestNode node2;
    static TvMediaEngine peers;

    static TestNode mediaNode(RedisStateStore store) throws Exception {
        return TestNode.start(MediaAcrossNodesTest::withMedia, store, null);
    }

    static SignalingOptions withMedia(SignalingOptions o) {
        return o.mediaEnabled(true).mediaBind("127.0.0.1").mediaPort(0).mediaWorkers(1);
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        store1 = new RedisStateStore(redis.url());
        store2 = new RedisStateStore(redis.url());
        node1 = mediaNode(store1);
        node2 = mediaNode(store2);
        peers = new TvMediaEngine(true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (peers != null) peers.close();
        if (node1 != null) node1.close();
        if (node2 != null) node2.close();
        if (store1 != null) store1.close();
        if (store2 != null) store2.close();
        if (redis != null) redis.close();
    }

    @Test
    void membersOnTwoNodesSeeAndHearEachOtherThroughTheNodeThatHoldsTheCall() throws Exception {
        String tvToken = node2.pairTv("pat-wang");
        try (WsClient doctor = node1.ws("liming");
                WsClient tv = node2.wsWithToken(tvToken);
                TvCallMedia doctorMedia = peers.newCall();
                TvCallMedia tvMedia = peers.newCall()) {
            String id = create(doctor, "patient_tv", "pat-wang").getString("id");
            act(tv, "call.accept", id);

            publish(doctor, doctorMedia, id); // node 1 is the first to need media: it holds the call
            publish(tv, tvMedia, id); // node 2 forwards to node 1

            String doctorOffer = "";
            String tvOffer = "";
            long deadline = System.nanoTime() + MEDIA_TIMEOUT.toNanos();
            while (!(receives(doctorMedia, "tv-wang") && receives(tvMedia, "doc-li"))) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "no media both ways within " + MEDIA_TIMEOUT + ": doctor got " + doctorMedia.received()
                                + ", TV got " + tvMedia.received());
                doctorOffer = answerOffer(doctor, doctorMedia, id, doctorOffer);
                tvOffer = answerOffer(tv, tvMedia, id, tvOffer);
            }
            assertTrue(doctorOffer.contains("a=msid:tv-wang "), "the doctor is offered the TV's tracks");
            assertTrue(tvOffer.contains("a=msid:doc-li "), "the TV is offered the doctor's tracks");
            assertEquals(0.0, forwarded(node1), "node 1 holds the call and forwards nothing");
            assertTrue(forwarded(node2) >= 2, "node 2 sent the TV's publish and subscribe to node 1");

            act(doctor, "call.end", id);
            waitFor(() -> store2.get("media:call:" + id).isEmpty());
        }
    }

    @Test
    void aMemberWithNothingToSendReceivesThroughTheNodeThatHoldsTheCall() throws Exception {
        String tvToken = node2.pairTv("pat-chen");
        try (WsClient doctor = node1.ws("zhaojing");
                WsClient tv = node2.wsWithToken(tvToken);
                TvCallMedia doctorMedia = peers.newCall();
                TvCallMedia tvMedia = peers.newCall()) {
            String id = create(doctor, "patient_tv", "pat-chen").getString("id");
            act(tv, "call.accept", id);
            publish(doctor, doctorMedia, id); // node 1 holds the call
            double forwardedBefore = forwarded(node2);
            tv.ack(new JsonObject().put("type", "media.receive").put("callId", id)); // no publish at all

            String tvOffer = "";
            long deadline = System.nanoTime() + MEDIA_TIMEOUT.toNanos();
            while (!receives(tvMedia, "doc-zhao")) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "no media for the receive-only TV within " + MEDIA_TIMEOUT + ": " + tvMedia.received());
                tvOffer = answerOffer(tv, tvMedia, id, tvOffer);
            }
            assertTrue(tvOffer.contains("a=msid:doc-zhao "), "the TV is offered the doctor's tracks");
            assertTrue(forwarded(node2) >= forwardedBefore + 2, "node 2 sent the receive and the subscribe to node 1");
            act(doctor, "call.end", id);
        }
    }

    /**
     * Issue 13: audio only, preferred sizes and the data saver from a member on node 2 reach the router
     * on node 1; the router's own signals reach that member back on node 2: its dominant-speaker
     * detector names the doctor, whose libwebrtc member sends a loud tone (the TV only receives), and its
     * bandwidth allocator pauses the doctor's simulcast video towards the TV when the doctor caps the
     * call far below the lowest layer, and resumes it when the cap is lifted.
     */
    @Test
    void audioOnlyPreferCapAndTheRelaysSignalsCrossNodes() throws Exception {
        String tvToken = node2.pairTv("pat-li");
        try (WsClient doctor = node1.ws("liming");
                WsClient tv = node2.wsWithToken(tvToken);
                ToneMember doctorMedia = new ToneMember("doc-li", 960, 540, true);
                TvCallMedia tvMedia = peers.newCall()) {
            String id = create(doctor, "patient_tv", "pat-li").getString("id");
            act(tv, "call.accept", id);
            doctorMedia.publish(doctor, id); // node 1 holds the call, silent for now
            tv.ack(new JsonObject().put("type", "media.receive").put("callId", id));

            String tvOffer = "";
            long deadline = System.nanoTime() + MEDIA_TIMEOUT.toNanos();
            while (!tvOffer.contains("a=msid:doc-li ")) {
                assertTrue(System.nanoTime() < deadline, "the TV was never offered the doctor's tracks");
                tvOffer = answerOffer(tv, tvMedia, id, tvOffer);
            }
            String videoTrack = videoTrackOf(tvOffer, "doc-li");
            double before = forwarded(node2);
            tv.ack(new JsonObject()
                    .put("type", "media.prefer")
                    .put("callId", id)
                    .put("trackId", videoTrack)
                    .put("maxHeight", 180));
            tv.ack(new JsonObject()
                    .put("type", "media.audio_only")
                    .put("callId", id)
                    .put("on", true));
            assertEquals(before + 2, forwarded(node2), "node 2 passed both to node 1's router");
            JsonObject tvCap = tv.request(
                    new JsonObject().put("type", "media.cap").put("callId", id).put("maxKbps", 300), "ack");
            assertEquals("forbidden", tvCap.getString("code"));
            doctor.ack(
                    new JsonObject().put("type", "media.cap").put("callId", id).put("maxKbps", 300));

            // the doctor speaks, nobody else does: node 1's detector names him, node 2 tells the TV
            doctorMedia.loud(true);
            JsonObject speaker = awaitAnswering(
                    tv,
                    tvMedia,
                    id,
                    m -> "media.speaker".equals(m.getString("type")) && "doc-li".equals(m.getString("participantId")));
            assertEquals(id, speaker.getString("callId"));

            // the TV takes video again; 30 kbit/s is not half of the doctor's lowest layer: paused
            tv.ack(new JsonObject()
                    .put("type", "media.audio_only")
                    .put("callId", id)
                    .put("on", false));
            doctor.ack(
                    new JsonObject().put("type", "media.cap").put("callId", id).put("maxKbps", 30));
            JsonObject paused = awaitAnswering(tv, tvMedia, id, m -> "media.video_paused".equals(m.getString("type")));
            assertEquals(true, paused.getBoolean("paused"), paused.encode());
            assertEquals(id, paused.getString("callId"));
            doctor.ack(
                    new JsonObject().put("type", "media.cap").put("callId", id).put("maxKbps", 0));
            JsonObject resumed = awaitAnswering(tv, tvMedia, id, m -> "media.video_paused".equals(m.getString("type")));
            assertEquals(false, resumed.getBoolean("paused"), resumed.encode());
            act(doctor, "call.end", id);
        }
    }

    /** The first message that matches, answering the relay's subscribe offers meanwhile. */
    private static JsonObject awaitAnswering(
            WsClient member, TvCallMedia media, String callId, Predicate<JsonObject> match) throws Exception {
        long deadline = System.nanoTime() + SIGNAL_TIMEOUT.toNanos();
        while (true) {
            JsonObject m = member.poll(match, Duration.ofMillis(200));
            if (m != null) return m;
            assertTrue(
                    System.nanoTime() < deadline,
                    () -> "no such message within " + SIGNAL_TIMEOUT + ": " + member.snapshot());
            answerOffer(member, media, callId, "");
        }
    }

    /** The msid track id of the participant's video m-section in a subscribe offer. */
    private static String videoTrackOf(String offer, String participantId) {
        boolean video = false;
        for (String line : offer.split("\r?\n")) {
            if (line.startsWith("m=")) video = line.startsWith("m=video");
            if (video && line.startsWith("a=msid:" + participantId + " ")) {
                return line.substring(("a=msid:" + participantId + " ").length())
                        .trim();
            }
        }
        throw new AssertionError("no video of " + participantId + " in\n" + offer);
    }

    @Test
    void aMemberWhoseCallIsHeldByAGoneNodeGetsMediaUnavailable() throws Exception {
        RedisStateStore store3 = new RedisStateStore(redis.url());
        TestNode node3 = mediaNode(store3);
        String tvToken = node2.pairTv("pat-zhang");
        try (WsClient tv = node2.wsWithToken(tvToken);
                TvCallMedia doctorMedia = peers.newCall();
                TvCallMedia tvMedia = peers.newCall()) {
            String id;
            try (WsClient doctor = node3.ws("zhangfang")) {
                id = create(doctor, "patient_tv", "pat-zhang").getString("id");
                act(tv, "call.accept", id);
                publish(doctor, doctorMedia, id); // node 3 holds the call's media
            } finally {
                node3.close();
                store3.close();
            }
            double before = unavailable(node2);
            JsonObject reply = tv.request(
                    new JsonObject()
                            .put("type", "media.publish")
                            .put("callId", id)
                            .put("sdp", tvMedia.publishOffer(false).get(10, TimeUnit.SECONDS)),
                    "media.answer");
            assertEquals("error", reply.getString("type"), reply.encode());
            assertEquals("media_unavailable", reply.getString("code"));
            assertTrue(reply.getString("message").contains("call again"), reply.getString("message"));
            assertEquals(before + 1, unavailable(node2));
            tv.ack(new JsonObject().put("type", "call.leave").put("callId", id));
        }
    }

    /** Answers the next media.offer if one came; returns the latest offer seen. */
    static String answerOffer(WsClient member, TvCallMedia media, String callId, String latest) throws Exception {
        JsonObject offer = member.poll(m -> "media.offer".equals(m.getString("type")), Duration.ofMillis(200));
        if (offer == null) return latest;
        String answer = media.answerSubscribe(offer.getString("sdp")).get(10, TimeUnit.SECONDS);
        member.ack(new JsonObject()
                .put("type", "media.subscribe")
                .put("callId", callId)
                .put("sdp", answer));
        return offer.getString("sdp");
    }

    /** Video frames decoded and audio bytes received from that participant. */
    static boolean receives(TvCallMedia media, String from) throws Exception {
        boolean video =
                media.received().stream().anyMatch(r -> r.participantId().equals(from) && r.videoFrames() > 10);
        boolean audio = media.inboundStats().get(5, TimeUnit.SECONDS).stream()
                .anyMatch(s -> "audio".equals(s.get("kind")) && number(s.get("bytesReceived")) > 1000);
        return video && audio;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static double forwarded(TestNode node) {
        return node.server.meterRegistry().find("signaling.media.forwarded").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static double unavailable(TestNode node) {
        return node.server
                .meterRegistry()
                .counter("signaling.media.unavailable")
                .count();
    }
}
