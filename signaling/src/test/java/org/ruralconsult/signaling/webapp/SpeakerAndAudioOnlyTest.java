package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.webapp.ConsultScreenTest.VIDEO_WIDTH;
import static org.ruralconsult.signaling.webapp.ConsultScreenTest.stateOf;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.ToneMember;
import org.ruralconsult.signaling.testing.WsClient;

/**
 * Issue 13 on the consult screen, with the real server and the real in-process relay: a three-way call
 * (the doctor in headless Chromium, muted with the screen's own button; the TV and the expert are
 * libwebrtc members sending a tone the test turns up and down, and real video). The speaker the relay's
 * detector names ({@code media.speaker}) is shown large, the other as a thumbnail, and the relay is asked
 * for each video's size ({@code media.prefer}, 720 / 180). The expert's video is VP8 simulcast: capped
 * at 30 kbit/s (the expert's {@code media.cap}), not half of its lowest layer, the relay's allocator
 * pauses it towards the doctor ({@code media.video_paused}), which the page says, offering audio only;
 * audio only sends {@code media.audio_only} and stops the camera; the data saver sends {@code media.cap}.
 */
class SpeakerAndAudioOnlyTest {
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

    @Test
    void theSpeakerIsLargeAudioOnlyStopsTheCameraAndAPausedVideoIsSaid() throws Exception {
        try (TestNode node = ConsultScreenTest.mediaNode();
                WsClient tv = node.wsWithToken(node.pairTv("pat-wang"));
                WsClient expert = node.ws("wangjianguo");
                ToneMember tvMedia = new ToneMember("tv-wang", 320, 240, false);
                ToneMember expertMedia = new ToneMember("exp-wang", 960, 540, true);
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
            tvMedia.publish(tv, id);
            doctor.until(d -> d.findElement(By.id("call")).isDisplayed());
            // the doctor listens: muted on the screen, so only the members the test makes loud speak
            doctor.find("#muteBtn").click();
            doctor.until(d -> "true".equals(doctor.attribute("#muteBtn", "aria-pressed")));

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
            expertMedia.publish(expert, id);
            doctor.until(d -> ((Number) doctor.js(VIDEO_WIDTH, "tv-wang")).intValue() > 0
                    && ((Number) doctor.js(VIDEO_WIDTH, "exp-wang")).intValue() > 0);

            // before the server names a speaker: the patient's TV large, the expert a thumbnail
            assertEquals("large", doctor.attribute("#tile-tv-wang", "data-layout"));
            assertEquals("thumb", doctor.attribute("#tile-exp-wang", "data-layout"));
            doctor.until(d -> List.of(720L, "ack").equals(doctor.js(LAST_PREFER, "tv-wang"))
                    && List.of(180L, "ack").equals(doctor.js(LAST_PREFER, "exp-wang")));

            // the expert speaks: the relay's detector names her; she is large, the TV small, the relay told
            expertMedia.loud(true);
            doctor.until(d -> "large".equals(doctor.attribute("#tile-exp-wang", "data-layout"))
                    && "thumb".equals(doctor.attribute("#tile-tv-wang", "data-layout")));
            assertEquals("exp-wang", doctor.attribute("#videos", "data-speaker"));
            doctor.until(d -> List.of(720L, "ack").equals(doctor.js(LAST_PREFER, "exp-wang"))
                    && List.of(180L, "ack").equals(doctor.js(LAST_PREFER, "tv-wang")));
            doctor.js("window.scrollTo(0, 0)");
            doctor.checkScreen("consult, the speaker large");
            doctor.screenshot("web-consult-speaker.png");
            // then only the TV: it is large again, the expert small, and the preferences follow
            expertMedia.loud(false);
            tvMedia.loud(true);
            doctor.until(d -> "large".equals(doctor.attribute("#tile-tv-wang", "data-layout"))
                    && "thumb".equals(doctor.attribute("#tile-exp-wang", "data-layout")));
            doctor.until(d -> List.of(720L, "ack").equals(doctor.js(LAST_PREFER, "tv-wang"))
                    && List.of(180L, "ack").equals(doctor.js(LAST_PREFER, "exp-wang")));
            tvMedia.loud(false);

            // the expert caps the call at 30 kbit/s: not half of her lowest simulcast layer, so the
            // relay pauses her video towards the doctor; said plainly, sound goes on, audio only offered
            expert.ack(
                    new JsonObject().put("type", "media.cap").put("callId", id).put("maxKbps", 30));
            doctor.until(d -> d.findElement(By.id("videoPaused")).isDisplayed());
            assertEquals("网络较差，视频已暂停，声音继续", doctor.text("#videoPaused span"));
            assertTrue(doctor.attribute("#videoPaused", "data-estimate").matches("\\d+"));
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
            // no video wanted, none paused: the relay says so and the notice goes
            doctor.until(d -> !d.findElement(By.id("videoPaused")).isDisplayed());
            doctor.checkScreen("consult, audio only");
            doctor.screenshot("web-consult-audio-only.png");

            // the cap lifted, video again: a fresh camera track in the same sender
            expert.ack(
                    new JsonObject().put("type", "media.cap").put("callId", id).put("maxKbps", 0));
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
