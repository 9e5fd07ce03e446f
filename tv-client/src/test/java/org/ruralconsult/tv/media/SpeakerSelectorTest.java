package org.ruralconsult.tv.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ruralconsult.tv.FakeClock;

/** The large view on a fake clock: a switch after 1.5 s of clear dominance, never before, no flicker. */
class SpeakerSelectorTest {
    static final double SPEECH = 0.3;
    static final double QUIET = 0.001;

    final FakeClock clock = new FakeClock();
    final SpeakerSelector selector = new SpeakerSelector(clock);

    @Test
    void theFirstLoudestIsLargeAtOnce() {
        assertEquals("doc", selector.update(Map.of("doc", SPEECH, "exp", QUIET)).orElseThrow());
    }

    @Test
    void switchesAfterOneAndAHalfSecondsOfClearDominanceAndNeverBefore() {
        selector.update(Map.of("doc", SPEECH, "exp", QUIET));
        // the expert speaks; the doctor is quiet: updates every 250 ms
        for (int ms = 0; ms < 1500; ms += 250) {
            assertEquals(
                    "doc", selector.update(Map.of("doc", QUIET, "exp", SPEECH)).orElseThrow(), "at " + ms);
            clock.advance(Duration.ofMillis(250));
        }
        assertEquals("exp", selector.update(Map.of("doc", QUIET, "exp", SPEECH)).orElseThrow(), "at 1500 ms");
    }

    @Test
    void oneMillisecondShortIsNotEnough() {
        selector.update(Map.of("doc", SPEECH, "exp", QUIET));
        selector.update(Map.of("doc", QUIET, "exp", SPEECH));
        clock.advance(Duration.ofMillis(1499));
        assertEquals("doc", selector.update(Map.of("doc", QUIET, "exp", SPEECH)).orElseThrow());
        clock.advance(Duration.ofMillis(1));
        assertEquals("exp", selector.update(Map.of("doc", QUIET, "exp", SPEECH)).orElseThrow());
    }

    @Test
    void alternatingVoicesNeverFlicker() {
        selector.update(Map.of("doc", SPEECH, "exp", QUIET));
        for (int i = 0; i < 100; i++) {
            boolean expertTurn = (i / 4) % 2 == 0; // each speaks 1 s in turn: never 1.5 s
            Map<String, Double> levels =
                    expertTurn ? Map.of("doc", QUIET, "exp", SPEECH) : Map.of("doc", SPEECH, "exp", QUIET);
            assertEquals("doc", selector.update(levels).orElseThrow(), "update " + i);
            clock.advance(Duration.ofMillis(250));
        }
    }

    @Test
    void bothTalkingIsNotClearDominance() {
        selector.update(Map.of("doc", SPEECH, "exp", QUIET));
        for (int i = 0; i < 20; i++) {
            assertEquals("doc", selector.update(Map.of("doc", 0.2, "exp", 0.3)).orElseThrow(), "1.5× is not 2×");
            clock.advance(Duration.ofMillis(250));
        }
    }

    @Test
    void quietNoiseNeverTakesTheScreen() {
        selector.update(Map.of("doc", 0.0001, "exp", 0.0));
        for (int i = 0; i < 20; i++) {
            selector.update(Map.of("doc", 0.0, "exp", 0.005));
            clock.advance(Duration.ofMillis(250));
        }
        assertEquals("doc", selector.large().orElseThrow(), "below the speech level");
    }

    @Test
    void whenTheLargePersonLeavesTheOtherIsLargeAtOnce() {
        selector.update(Map.of("doc", SPEECH, "exp", QUIET));
        assertEquals("exp", selector.update(Map.of("exp", QUIET)).orElseThrow());
    }
}
