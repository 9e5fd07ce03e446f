package org.ruralconsult.signaling.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.ruralconsult.signaling.testing.TestNode;

/**
 * A clinician whose browser blocks camera and microphone still joins: the page sends media.receive
 * instead of publishing, says what the others miss, and decodes the other's video and audio (real SFU,
 * two headless Chromiums, one of them denying every media permission).
 */
class CameraBlockedTest {
    /** Decoded video in a participant's tile: [videoWidth, currentTime]. */
    private static final String VIDEO =
            """
            const v = document.querySelector('[data-participant="' + arguments[0] + '"] video');
            return v ? [v.videoWidth, v.currentTime] : [0, 0];""";

    /** Frames decoded and audio bytes received by the subscribe PeerConnection. */
    private static final String RECEIVED =
            """
            const done = arguments[arguments.length - 1];
            window.consult.session.inboundStats().then((stats) => done([
              stats.filter((s) => s.kind === 'video').reduce((a, s) => a + s.framesDecoded, 0),
              stats.filter((s) => s.kind === 'audio').reduce((a, s) => a + (s.bytesReceived || 0), 0)]));""";

    @Test
    void aBlockedCameraJoinsWithoutPublishingAndStillSeesAndHearsTheOther() throws Exception {
        try (TestNode node = ConsultScreenTest.mediaNode();
                AppPage colleague = new AppPage(node.port(), false);
                AppPage doctor = new AppPage(node.port())) {
            colleague.signIn("zhangfang");
            doctor.signIn("liming");
            doctor.until(d -> !d.findElements(By.cssSelector("button[data-practitioner-id=\"doc-zhang\"]"))
                    .isEmpty());
            doctor.find("button[data-practitioner-id=\"doc-zhang\"]").click();
            colleague.until(d -> d.findElement(By.id("ringing")).isDisplayed());
            colleague.find("#acceptBtn").click();

            colleague.until(d -> d.findElement(By.id("mediaNotice")).isDisplayed());
            assertEquals("你的摄像头和麦克风被拦截，对方看不到也听不到你，但你能看到和听到他们。可在浏览器地址栏的权限设置中允许后重新加入", colleague.text("#mediaNotice"));
            colleague.until(d -> number(colleague.js(VIDEO, "doc-li"), 0) > 0);
            double before = number(colleague.js(VIDEO, "doc-li"), 1);
            double framesBefore = number(colleague.driver.executeAsyncScript(RECEIVED), 0);
            colleague.until(d -> number(colleague.js(VIDEO, "doc-li"), 1) > before
                    && number(colleague.driver.executeAsyncScript(RECEIVED), 0) > framesBefore
                    && number(colleague.driver.executeAsyncScript(RECEIVED), 1) > 0);
            assertNull(colleague.js("return window.consult.session.publishPc"), "nothing was published");
            assertEquals(true, colleague.js("return document.getElementById('muteBtn').disabled"), "nothing to mute");
            assertTrue(colleague.text("#tile-doc-li").contains("李明"), colleague.text("#tile-doc-li"));

            // the doctor sees a tile for her, named, with no video
            doctor.until(d -> doctor.text("#tile-doc-zhang") != null
                    && doctor.text("#tile-doc-zhang").contains("张芳"));
            colleague.checkScreen("camera blocked");
            colleague.screenshot("web-camera-blocked.png");
            doctor.find("#endBtn").click();
            colleague.until(d -> d.findElement(By.id("summary")).isDisplayed());
        }
    }

    @SuppressWarnings("unchecked")
    private static double number(Object list, int index) {
        return ((Number) ((java.util.List<Object>) list).get(index)).doubleValue();
    }
}
