package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.testing.MediaPublish.publish;
import static org.ruralconsult.signaling.webapp.ConsultScreenTest.VIDEO_WIDTH;
import static org.ruralconsult.signaling.webapp.ConsultScreenTest.stateOf;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;
import org.ruralconsult.media.routing.RouterListener;
import org.ruralconsult.signaling.media.SfuMediaRelay;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;

/**
 * Issue 13 on the consult screen, with the real server and the real in-process relay: a three-way call
 * (the doctor in headless Chromium; the TV and the expert publishing real libwebrtc video). The speaker
 * named by the server ({@code media.speaker}) is shown large, the other as a thumbnail, and the relay is
 * asked for each video's size ({@code media.prefer}, 720 / 180); a paused video ({@code
 * media.video_paused}) is said, with the offer of audio only; audio only sends {@code media.audio_only}
 * and stops the camera; the data saver sends {@code media.cap}.
 *
 * <p>The relay's dominant-speaker detector and bandwidth allocator are module media's (another part of
 * issue 13): this test speaks as the router through the listener the relay gave it ({@link
 * SfuMediaRelay#listenerOf}), so the signal takes the real path from there to the page.
 */
class SpeakerAndAudioOnlyTest {
    static TvMediaEngine peers;

    /** Records what the page asks the server (type, body, and the reply: "ack" or the error code). */
    private static final String SPY =
            """
            const c = window.consult.client;
            if (!window.sentToServer) {
              window.sentToServer = [];
              const request = c.request.bind(c);
              c.request = (type, body = {}) => {
                const entry = Object.assign({ type }, body);
                delete entry.sdp;
                window.sentToServer.push(entry);
                return request(type, body).then(
                  (r) => { entry.reply = 'ack'; return r; },
                  (e) => { entry.reply = e.code || String(e); throw e; });
              };
            }""";

    /** The last media.prefer answered for a participant's track: [maxHeight, reply], or null. */
    private static final String LAST_PREFER =
            """
            const p = window.sentToServer.filter((m) => m.type === 'media.prefer'
                && m.trackId.includes('/' + arguments[0] + '/') && m.reply);
            const last = p[p.length - 1];
            return last ? [last.maxHeight, last.reply] : null;""";

    private static final String LAST_OF_TYPE =
            """
            const p = window.sentToServer.filter((m) => m.type === arguments[0] && m.reply);
            return p.length ? p[p.length - 1] : null;""";

    @BeforeAll
    static void startPeers() {
        peers = new TvMediaEngine(true);
    }

    @AfterAll
    static void stopPeers() {
        if (peers != null) peers.close();
    }

    @Test
    void theSpeakerIsLargeAudioOnlyStopsTheCameraAndAPausedVideoIsSaid() throws Exception {
        try (TestNode node = ConsultScreenTest.mediaNode();
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                WsClient expert = node.ws("wangjianguo");
                TvCallMedia tvMedia = peers.newCall();
                TvCallMedia expertMedia = peers.newCall();
                AppPage doctor = new AppPage(node.port())) {
            doctor.driver.manage().window().setSize(new Dimension(1280, 1200));
            doctor.signIn("liming");
            doctor.until(d -> !d.findElements(By.cssSelector("button[data-patient-id=\"pat-wang\"]:not([disabled])"))
                    .isEmpty());
            doctor.js(SPY);
            doctor.find("button[data-patient-id=\"pat-wang\"]").click();
            JsonObject ringing = tv.await(m -> "call.update".equals(m.getString("type"))
                    && "RINGING".equals(stateOf(m.getJsonObject("call"), "tv-wang")));
            String id = ringing.getJsonObject("call").getString("id");
            tv.ack(new JsonObject().put("type", "call.accept").put("callId", id));
            publish(tv, tvMedia, id);
            doctor.until(d -> d.findElement(By.id("call")).isDisplayed());

            // the expert, invited by name, joins and publishes: three in the call
            doctor.until(d -> d.findElements(By.cssSelector("#inviteExpert option[value=\"exp-wang\"]"))
                            .size()
                    == 1);
            new Select(doctor.find("#inviteExpert")).selectByValue("exp-wang");
            doctor.find("#inviteForm [name=reason]").sendKeys("血压持续偏高，请心内科会诊");
            doctor.find("#inviteForm button[type=submit]").click();
            expert.await(m -> "call.update".equals(m.getString("type"))
                    && "RINGING".equals(stateOf(m.getJsonObject("call"), "exp-wang")));
            expert.ack(new JsonObject().put("type", "call.accept").put("callId", id));
            publish(expert, expertMedia, id);
            doctor.until(d -> ((Number) doctor.js(VIDEO_WIDTH, "tv-wang")).intValue() > 0
                    && ((Number) doctor.js(VIDEO_WIDTH, "exp-wang")).intValue() > 0);

            // before the server names a speaker: the patient's TV large, the expert a thumbnail
            assertEquals("large", doctor.attribute("#tile-tv-wang", "data-layout"));
            assertEquals("thumb", doctor.attribute("#tile-exp-wang", "data-layout"));
            doctor.until(d -> List.of(720L, "ack").equals(doctor.js(LAST_PREFER, "tv-wang"))
                    && List.of(180L, "ack").equals(doctor.js(LAST_PREFER, "exp-wang")));

            // the relay names the expert: she is shown large, the TV small, and the relay told so
            RouterListener router = ((SfuMediaRelay) node.server.localMediaRelay())
                    .listenerOf(id, "doc-li")
                    .orElseThrow();
            router.onDominantSpeaker("doc-li", "exp-wang");
            doctor.until(d -> "large".equals(doctor.attribute("#tile-exp-wang", "data-layout"))
                    && "thumb".equals(doctor.attribute("#tile-tv-wang", "data-layout")));
            assertEquals("exp-wang", doctor.attribute("#videos", "data-speaker"));
            doctor.until(d -> List.of(720L, "ack").equals(doctor.js(LAST_PREFER, "exp-wang"))
                    && List.of(180L, "ack").equals(doctor.js(LAST_PREFER, "tv-wang")));
            // nobody speaks: the layout stays
            router.onDominantSpeaker("doc-li", null);
            doctor.until(d -> "large".equals(doctor.attribute("#tile-exp-wang", "data-layout")));
            doctor.js("window.scrollTo(0, 0)");
            doctor.checkScreen("consult, the speaker large");
            doctor.screenshot("web-consult-speaker.png");

            // the doctor's link cannot carry video: said plainly, sound goes on, audio only offered
            router.onVideoPausedForBandwidth("doc-li", true, 180_000);
            doctor.until(d -> d.findElement(By.id("videoPaused")).isDisplayed());
            assertEquals("网络较差，视频已暂停，声音继续", doctor.text("#videoPaused span"));
            assertEquals("180", doctor.attribute("#videoPaused", "data-estimate"));
            assertTrue(doctor.find("#pausedAudioOnlyBtn").isDisplayed());
            doctor.checkScreen("consult, video paused");
            doctor.screenshot("web-consult-video-paused.png");

            // audio only from the notice: the server is told, the camera stops, nothing of it is sent
            doctor.until(d -> Boolean.TRUE.equals(
                    doctor.js("const s = window.consult.session; return !!(s.videoSender && s.videoSender.track);")));
            doctor.find("#pausedAudioOnlyBtn").click();
            doctor.until(d -> "true".equals(doctor.attribute("#audioOnlyBtn", "aria-pressed")));
            @SuppressWarnings("unchecked")
            Map<String, Object> audioOnly = (Map<String, Object>) doctor.js(LAST_OF_TYPE, "media.audio_only");
            assertEquals(true, audioOnly.get("on"));
            assertEquals("ack", audioOnly.get("reply"));
            assertEquals(
                    List.of(true, 0L, true),
                    doctor.js(
                            """
                            const s = window.consult.session;
                            return [s.videoSender.track === null, s.localStream.getVideoTracks().length,
                                    document.getElementById('cameraBtn').disabled];"""));
            doctor.until(d -> !d.findElement(By.id("pausedAudioOnlyBtn")).isDisplayed());
            router.onVideoPausedForBandwidth("doc-li", false, 900_000);
            doctor.until(d -> !d.findElement(By.id("videoPaused")).isDisplayed());
            doctor.checkScreen("consult, audio only");
            doctor.screenshot("web-consult-audio-only.png");

            // video again: a fresh camera track in the same sender
            doctor.find("#audioOnlyBtn").click();
            doctor.until(d -> "false".equals(doctor.attribute("#audioOnlyBtn", "aria-pressed")));
            assertEquals(
                    List.of("live", "video"),
                    doctor.js(
                            """
                            const t = window.consult.session.videoSender.track;
                            return t ? [t.readyState, t.kind] : null;"""));

            // the data saver caps the call
            doctor.find("#dataSaver").click();
            doctor.until(d -> doctor.js(LAST_OF_TYPE, "media.cap") != null);
            @SuppressWarnings("unchecked")
            Map<String, Object> cap = (Map<String, Object>) doctor.js(LAST_OF_TYPE, "media.cap");
            assertEquals(300L, cap.get("maxKbps"));
            assertEquals("ack", cap.get("reply"));
            doctor.find("#endBtn").click();
            doctor.until(d -> d.findElement(By.id("summary")).isDisplayed());
        }
    }
}
