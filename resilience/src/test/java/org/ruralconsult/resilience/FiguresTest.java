package org.ruralconsult.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {
    static final String FROM = "doc-a";

    /** Readings every 250 ms: audio 12 000 samples per reading, video frames and height as given. */
    static List<Sample> readings(long[] concealedPerReading, long[] framesPerReading, long[] heights) {
        return readings(concealedPerReading, new long[concealedPerReading.length], framesPerReading, heights);
    }

    /** The same, with {@code silentPerReading} of the concealed samples concealing silence. */
    static List<Sample> readings(
            long[] concealedPerReading, long[] silentPerReading, long[] framesPerReading, long[] heights) {
        List<Sample> out = new ArrayList<>();
        long concealed = 0;
        long silent = 0;
        long total = 0;
        long frames = 0;
        long bytes = 0;
        for (int i = 0; i < heights.length; i++) {
            if (i > 0) {
                total += 12_000;
                concealed += concealedPerReading[i];
                silent += silentPerReading[i];
                frames += framesPerReading[i];
                bytes += 1000;
            }
            out.add(new Sample(
                    1000 + i * 250L,
                    List.of(
                            new Sample.Track(
                                    FROM, "audio", bytes, 0L, concealed, silent, total, null, null, null, null, null,
                                    null, null),
                            new Sample.Track(
                                    FROM,
                                    "video",
                                    bytes,
                                    0L,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    frames,
                                    heights[i],
                                    null,
                                    2L,
                                    0.5))));
        }
        return out;
    }

    @Test
    void concealmentRunsOverTwoHundredMillisecondsAreInterruptions() {
        // readings 3 and 4 fully concealed (500 ms), reading 7 alone (250 ms), reading 9 half concealed
        long[] concealed = {0, 0, 0, 12_000, 12_000, 0, 0, 12_000, 0, 6_000, 0};
        long[] frames = new long[11];
        java.util.Arrays.fill(frames, 5);
        long[] heights = new long[11];
        java.util.Arrays.fill(heights, 720);
        Figures a = Figures.of(readings(concealed, frames, heights), FROM, "audio", 0, Long.MAX_VALUE);
        assertEquals(42_000.0 / 120_000, a.concealmentRatio(), 1e-9);
        assertEquals(2, a.ownInterruptions(), "500 ms and 250 ms runs are both over 200 ms");
        assertEquals(0.5, a.longestConcealmentSeconds(), 1e-9);
        assertNull(a.stackInterruptions(), "not reported by this stack");
        assertEquals(0, a.longestByteGapSeconds(), 1e-9);
        assertEquals(2, a.voiceInterruptions(), "all of it was voice");
    }

    @Test
    void concealedSilenceIsNotAnInterruptionOfVoice() {
        // readings 3 and 4 concealed, all of it silence (a lost DTX frame); reading 7 concealed voice
        long[] concealed = {0, 0, 0, 12_000, 12_000, 0, 0, 12_000, 0};
        long[] silent = {0, 0, 0, 12_000, 11_000, 0, 0, 0, 0};
        long[] frames = new long[9];
        long[] heights = new long[9];
        Figures a = Figures.of(readings(concealed, silent, frames, heights), FROM, "audio", 0, Long.MAX_VALUE);
        assertEquals(2, a.ownInterruptions(), "both counted when silence counts");
        assertEquals(1, a.voiceInterruptions(), "only reading 7 concealed voice");
        assertEquals(0.25, a.longestVoiceConcealmentSeconds(), 1e-9);
        assertEquals(0.5, a.longestConcealmentSeconds(), 1e-9);
    }

    @Test
    void framesThatStopForOverHalfASecondAreAFreezeAndHeightChangesAreSwitches() {
        long[] concealed = new long[9];
        long[] frames = {0, 5, 0, 0, 0, 5, 5, 5, 5};
        long[] heights = {720, 720, 720, 720, 720, 360, 360, 720, 720};
        Figures v = Figures.of(readings(concealed, frames, heights), FROM, "video", 0, Long.MAX_VALUE);
        assertEquals(25, v.frames());
        assertEquals(1, v.ownFreezes());
        assertEquals(0.75, v.ownFreezeSeconds(), 1e-9);
        assertEquals(2, v.layerSwitches());
        assertEquals(360, v.minHeight());
        assertEquals(720, v.maxHeight());
        assertEquals(720, v.medianHeight());
        assertEquals(0L, v.stackFreezes(), "the stack's counter did not move in the window");
        assertEquals(
                0.5,
                Figures.secondsUntilHeight(
                        readings(concealed, frames, heights), FROM, 720, 1000 + 5 * 250, Long.MAX_VALUE),
                1e-9);
        assertNull(Figures.secondsUntilHeight(readings(concealed, frames, heights), FROM, 1080, 0, Long.MAX_VALUE));
    }

    @Test
    void fewerThanTwoReadingsGiveNoFigures() {
        List<Sample> one = readings(new long[1], new long[1], new long[] {720});
        assertNull(Figures.of(one, FROM, "audio", 0, Long.MAX_VALUE));
    }

    @Test
    void burstLossHasTheAskedMeanLossAndBurstLength() {
        Link island = Link.bursts(600, 150, 0, 0.05, 10);
        assertEquals(0.05, island.meanLoss(), 1e-12);
        assertEquals(0.1, island.lossBadToGood(), 1e-12);
        assertEquals("ge ab 150000 0 0.005263 0.100000 1.000000 0.000000", island.linkemCommand("ab"));
        assertEquals(0.02, Link.bernoulli(1500, 60, 20, 0.02).meanLoss(), 1e-12);
    }
}
