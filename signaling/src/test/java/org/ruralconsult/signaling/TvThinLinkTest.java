package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.create;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.ToneMember;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.RemoteKey;
import org.ruralconsult.tv.TvOptions;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSession;

/**
 * Issue 13 on the TV, end to end: the real TV session (protocol, libwebrtc with a synthetic camera) in a
 * three-way call through the real server and in-process relay. The relay's speaker signal makes that
 * person large on the TV; a paused video is put on the TV's call screen; OK there chooses audio only,
 * which the server acknowledges and which takes the camera out of the TV's sender; OK again puts it back.
 * The signals are the relay's own: the doctor and the expert are libwebrtc members whose tone the test
 * turns up and down (the TV's synthetic tone goes on all along, quieter), so the relay's detector names
 * whoever is loud; the doctor's video is VP8 simulcast, and the doctor's data saver at 30 kbit/s, not
 * half of its lowest layer, makes the relay's allocator pause it towards the TV; lifting the cap resumes
 * it.
 */
class TvThinLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theRelaysSpeakerIsLargeOnTheTvAndOkOnAPausedPictureChoosesSoundOnly() throws Exception {
        Path tokenFile = Files.createTempDirectory("rc-tv-thin").resolve("tv-token");
        List<TvScreen> screens = new CopyOnWriteArrayList<>();
        try (TestNode node = TestNode.start(
                o -> o.mediaEnabled(true).mediaBind("127.0.0.1").mediaPort(0).mediaWorkers(1), null, null)) {
            Files.writeString(tokenFile, node.pairTv("pat-wang"));
            TvOptions options = new TvOptions(URI.create("http://127.0.0.1:" + node.port()), tokenFile, true, true);
            try (TvSession tv = new TvSession(options, screens::add);
                    WsClient doctor = node.ws("liming");
                    WsClient expert = node.ws("wangjianguo");
                    ToneMember doctorMedia = new ToneMember("doc-li", 960, 540, true);
                    ToneMember expertMedia = new ToneMember("exp-wang", 320, 240, false)) {
                tv.start().get(10, TimeUnit.SECONDS);
                await("home", () -> last(screens) instanceof TvScreen.Home);
                String id = create(doctor, "patient_tv", "pat-wang").getString("id");
                await("ringing", () -> last(screens) instanceof TvScreen.Ringing);
                tv.press(RemoteKey.OK);
                doctor.awaitCall(id, c -> "ACTIVE".equals(c.getString("state")));
                doctorMedia.publish(doctor, id);
                doctor.ack(new JsonObject()
                        .put("type", "call.invite")
                        .put("callId", id)
                        .put("expertId", "exp-wang")
                        .put("reason", "血压持续偏高")
                        .put("urgency", "routine"));
                expert.awaitCall(id, c -> true);
                expert.ack(new JsonObject().put("type", "call.accept").put("callId", id));
                expertMedia.publish(expert, id);
                await(
                        "three in the call on the TV",
                        () -> call(screens) != null && call(screens).others().size() == 2);
                await("a video from each", () -> tv.media()
                        .join()
                        .map(m -> m.remoteVideo("doc-li").isPresent()
                                && m.remoteVideo("exp-wang").isPresent())
                        .orElse(false));

                // the expert speaks, louder than the TV's own tone: the relay names her, she is large
                expertMedia.loud(true);
                await("the expert large", () -> "exp-wang".equals(firstId(screens)));
                // then only the doctor
                expertMedia.loud(false);
                doctorMedia.loud(true);
                await("the doctor large", () -> "doc-li".equals(firstId(screens)));

                // the doctor's data saver at 30 kbit/s: the relay cannot send the TV even the doctor's
                // lowest simulcast layer, pauses that video and says so
                doctor.ack(new JsonObject()
                        .put("type", "media.cap")
                        .put("callId", id)
                        .put("maxKbps", 30));
                await(
                        "the paused notice",
                        () -> call(screens) != null && call(screens).offersAudioOnly());
                assertEquals("focus.audio_only", last(screens).focused());
                assertTrue(tv.media().join().orElseThrow().sendsVideo(), "the camera is sent until the elder chooses");
                tv.press(RemoteKey.OK);
                await("audio only", () -> call(screens) != null && call(screens).audioOnly());
                await(
                        "the camera out of its sender",
                        () -> !tv.media().join().orElseThrow().sendsVideo());
                tv.press(RemoteKey.OK);
                await(
                        "the picture back",
                        () -> call(screens) != null && !call(screens).audioOnly());
                await(
                        "the camera sent again",
                        () -> tv.media().join().orElseThrow().sendsVideo());
                // the cap lifted: the relay resumes the doctor's video and the notice goes
                doctor.ack(new JsonObject()
                        .put("type", "media.cap")
                        .put("callId", id)
                        .put("maxKbps", 0));
                await(
                        "the notice gone",
                        () -> call(screens) != null && !call(screens).videoPaused());
                assertFalse(call(screens).offersAudioOnly());
                doctor.ack(new JsonObject().put("type", "call.end").put("callId", id));
            }
        }
    }

    private static TvScreen last(List<TvScreen> screens) {
        return screens.isEmpty() ? null : screens.get(screens.size() - 1);
    }

    private static TvScreen.InCall call(List<TvScreen> screens) {
        return last(screens) instanceof TvScreen.InCall c ? c : null;
    }

    private static String firstId(List<TvScreen> screens) {
        TvScreen.InCall c = call(screens);
        return c == null || c.others().isEmpty() ? null : c.others().get(0).id();
    }

    private static <T> T await(String what, Supplier<T> value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T v = value.get();
            if (v != null && !Boolean.FALSE.equals(v)) return v;
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }
}
