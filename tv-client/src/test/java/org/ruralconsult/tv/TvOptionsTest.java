package org.ruralconsult.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TvOptionsTest {
    private static final TvOptions DEMO = new TvOptions(URI.create("http://127.0.0.1:8080"), Path.of("t"), true, true);

    @Test
    void theShortFormIsForTestsAndDemosWithSyntheticDevices() {
        assertEquals(TvOptions.Devices.SYNTHETIC, DEMO.devices());
        assertEquals(TvOptions.DEFAULT_AUTO_ANSWER_COUNTDOWN, DEMO.autoAnswerCountdown());
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), DEMO.webSocketUri());
    }

    @Test
    void devicesAndCountdownAreChosen() {
        TvOptions box = DEMO.withDevices(TvOptions.Devices.parse(" Box ")).withAutoAnswerCountdown(Duration.ZERO);
        assertEquals(TvOptions.Devices.BOX, box.devices());
        assertEquals(Duration.ZERO, box.autoAnswerCountdown());
        IllegalArgumentException wrong =
                assertThrows(IllegalArgumentException.class, () -> TvOptions.Devices.parse("webcam"));
        assertEquals("--devices takes box or synthetic, not webcam", wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DEMO.withAutoAnswerCountdown(Duration.ofSeconds(-1)));
    }
}
