package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.server.TvReconnectTest.await;
import static org.ruralconsult.server.TvReconnectTest.distinctColours;
import static org.ruralconsult.server.TvReconnectTest.last;
import static org.ruralconsult.server.TvReconnectTest.memberState;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.MediaPublish;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.RemoteKey;
import org.ruralconsult.tv.TvOptions;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSession;
import org.ruralconsult.tv.media.RemoteVideo;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;
import org.ruralconsult.tv.media.VideoPicture;

/**
 * A care-home TV that auto-answers, against the real server and SFU, with the box's own devices as a box
 * would use them ({@code --devices box}): this machine has no camera and no sound device, so the call must
 * go on with what works. Care-home staff start a call for the resident; the server joins the TV and rings
 * the on-duty doctor; the TV shows the countdown ("医生正在接通…", the caller and the care home) and sends no
 * media while it counts. Back during the countdown leaves the call. In a second call the countdown runs
 * out, the TV opens the call, the doctor answers and publishes, and the TV shows the doctor's picture,
 * says that its camera and microphone are missing, and names the doctor's clinic.
 */
class CareHomeAutoAnswerTest {
    private static final Duration COUNTDOWN = Duration.ofSeconds(4);

    @Test
    void theResidentsTvCountsDownThenOpensTheCallOnTheBoxDevicesItHas() throws Exception {
        Path dir = Files.createTempDirectory("rc-tv-auto-answer");
        Path tokenFile = dir.resolve("tv-token");
        List<TvScreen> screens = new CopyOnWriteArrayList<>();
        try (TestNode node = MediaNode.start();
                TvMediaEngine doctorEngine = new TvMediaEngine(true)) {
            Files.writeString(tokenFile, node.pairTv("pat-li"));
            TvOptions options = new TvOptions(URI.create("http://127.0.0.1:" + node.port()), tokenFile, true, true)
                    .withDevices(TvOptions.Devices.BOX)
                    .withAutoAnswerCountdown(COUNTDOWN);
            String staff = node.token("sunxiuying");
            try (TvSession tv = new TvSession(options, screens::add);
                    WsClient doctor = node.ws("liming");
                    TvCallMedia doctorMedia = doctorEngine.newCall()) {
                doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
                tv.start().get(10, TimeUnit.SECONDS);
                await("the home screen", () -> last(screens) instanceof TvScreen.Home);

                // 1. The elder says no during the countdown: the TV leaves; nothing was sent.
                String first = startCallForResident(node, staff);
                TvScreen.AutoAnswer counting =
                        await("the countdown", () -> last(screens) instanceof TvScreen.AutoAnswer a ? a : null);
                assertEquals("孙秀英", counting.callerName());
                assertEquals("东岭镇颐养院", counting.callerOrganization(), "the care home, from the call's members");
                assertEquals(COUNTDOWN.toSeconds(), counting.secondsLeft());
                assertTrue(tv.media().join().isEmpty(), "no camera or microphone opens during the countdown");
                tv.press(RemoteKey.BACK);
                await("home again", () -> last(screens) instanceof TvScreen.Home);
                doctor.awaitCall(first, c -> memberState(c, "tv-li").equals("LEFT"));
                assertTrue(tv.media().join().isEmpty());
                doctor.ack(new JsonObject().put("type", "call.decline").put("callId", first));

                // 2. The countdown runs out: the TV opens the call and waits for the doctor.
                String callId = startCallForResident(node, staff);
                await(
                        "the countdown",
                        () -> last(screens) instanceof TvScreen.AutoAnswer a
                                && a.callId().equals(callId));
                assertTrue(tv.media().join().isEmpty(), "nothing sent while counting down");
                await("counted down to 0", () -> screens.stream()
                        .anyMatch(s -> s instanceof TvScreen.AutoAnswer a
                                && a.callId().equals(callId)
                                && a.secondsLeft() == 0));
                await("waiting for the doctor", () -> last(screens) instanceof TvScreen.Calling);
                doctor.ack(new JsonObject().put("type", "call.accept").put("callId", callId));
                TvScreen.InCall inCall = await(
                        "in the call with the doctor, saying that camera and microphone are missing (this"
                                + " machine has neither): " + screens,
                        () -> last(screens) instanceof TvScreen.InCall c
                                        && c.others().stream().anyMatch(p -> "doc-li".equals(p.id()))
                                        && c.cameraMissing()
                                        && c.microphoneMissing()
                                ? c
                                : null);
                TvScreen.Person doctorOnTv = inCall.others().stream()
                        .filter(p -> "doc-li".equals(p.id()))
                        .findFirst()
                        .orElseThrow();
                assertEquals("李明", doctorOnTv.name());
                assertEquals("东岭镇卫生院", doctorOnTv.organization());
                assertTrue(
                        screens.stream()
                                .filter(TvScreen.InCall.class::isInstance)
                                .map(TvScreen.InCall.class::cast)
                                .allMatch(c -> c.cameraMissing() && c.microphoneMissing()),
                        "the call screen said so from its first drawing: " + screens);

                // The doctor publishes; the TV, with no devices of its own, still sees the doctor.
                MediaPublish.publish(doctor, doctorMedia, callId);
                RemoteVideo doctorVideo = await("the doctor's video on the TV", () -> tv.media()
                        .join()
                        .flatMap(m -> m.remoteVideo("doc-li"))
                        .filter(v -> v.framesDecoded() > 10)
                        .orElse(null));
                VideoPicture picture = new VideoPicture();
                await("a picture", () -> doctorVideo.takeLatest(picture) ? picture : null);
                assertTrue(distinctColours(picture) > 20, "a real picture, not a flat colour");
                assertTrue(tv.media().join().orElseThrow().localVideo().isEmpty(), "no camera, no self view");
                doctor.ack(new JsonObject().put("type", "call.end").put("callId", callId));
                await("stars", () -> last(screens) instanceof TvScreen.Rating);
                doctor.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", false));
            }
        }
    }

    private static String startCallForResident(TestNode node, String staff) throws Exception {
        var created = node.post("/api/residents/pat-li/calls", staff, null);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject call = created.bodyAsJsonObject().getJsonObject("call");
        assertEquals("JOINED", memberState(call, "tv-li"), "the care home allows auto-answer and the TV is on");
        return call.getString("id");
    }
}
