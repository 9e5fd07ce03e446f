package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The allocator driven by recorded sequences of estimates and layer rates, time passed in: which
 * layer each track gets, hysteresis, audio kept, pause and resume.
 */
class BandwidthAllocatorTest {
    private static final long MS = 1_000_000L;
    /** Three simulcast layers as libwebrtc sends 1280×720 VP8 (scale 4/2/1), measured rates. */
    private static final long[] RATES = {150_000, 500_000, 1_700_000};

    private static final int[] HEIGHTS = {180, 360, 720};
    private static final long[] OPUS = {40_000};

    private static BandwidthAllocator.Track video(LayerChoice c, int maxHeight) {
        return new BandwidthAllocator.Track(true, RATES.clone(), HEIGHTS.clone(), maxHeight, false, c);
    }

    private static BandwidthAllocator.Track audio(LayerChoice c) {
        return new BandwidthAllocator.Track(false, OPUS, new int[1], Integer.MAX_VALUE, false, c);
    }

    @Test
    void followsARecordedEstimateGoingDownAtOnceAndUpOnlyAfterHoldingWithMargin() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice voice = new LayerChoice(0);
        LayerChoice cam = new LayerChoice(2);
        // (time ms, estimate bit/s) -> expected layer of the camera; audio (40 kbit/s) reserved first
        long[][] table = {
            {0, 3_000_000, 2}, // plenty: top
            {500, 1_500_000, 1}, // 1.5 M - 40 k < 1.7 M: down at once
            {1000, 1_800_000, 1}, // f fits (1.76 M needed) but not with margin (1.76 M + 255 k)
            {1500, 2_100_000, 1}, // fits with margin: the hold starts
            {2500, 2_100_000, 1},
            {3000, 1_900_000, 1}, // margin lost: the hold starts again later
            {3500, 2_100_000, 1},
            {5000, 2_100_000, 1},
            {5500, 2_100_000, 2}, // held 2 s: up
            {6000, 620_000, 1}, // 580 k left: h (500 k) fits, f does not
            {6500, 560_000, 1}, // 520 k left: h still fits without margin (staying needs no margin)
            {7000, 400_000, 0}, // only q
            {7000 + 250, 180_000, 0}, // 140 k left: a little short of q (150 k), kept on it
            {7500, 100_000, 0}, // 60 k left: not half of q, but only just: kept for the pause hold
            {11_000, 100_000, 0},
            {11_500, 100_000, -1}, // short for 4 s: paused
            {12_000, 300_000, -1}, // 260 k: q fits, but resuming waits the hold too
            {14_000, 300_000, 0}, // held: resumes on q
        };
        for (long[] row : table) {
            long now = row[0] * MS;
            a.allocate(now, row[1], 0, false, List.of(audio(voice), video(cam, Integer.MAX_VALUE)));
            assertEquals(row[2], cam.layer, "camera layer at " + row[0] + " ms, estimate " + row[1]);
            assertEquals(0, voice.layer, "audio never dropped at " + row[0] + " ms");
            assertEquals(row[2] < 0, cam.pausedForBandwidth, "paused for bandwidth at " + row[0] + " ms");
            if (row[2] >= 0) {
                assertEquals(RATES[(int) row[2]], cam.bitrateBps);
                assertEquals(HEIGHTS[(int) row[2]], cam.height);
            }
        }
    }

    @Test
    void pauseAndResumeAreReportedOnceEachWay() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice one = new LayerChoice(2);
        LayerChoice two = new LayerChoice(2);
        List<BandwidthAllocator.Track> tracks =
                List.of(audio(new LayerChoice(0)), video(one, Integer.MAX_VALUE), video(two, Integer.MAX_VALUE));
        assertFalse(a.allocate(0, 5_000_000, 0, false, tracks));
        assertFalse(a.videoPausedForBandwidth());
        // 230 k - 40 k audio: the first camera gets q, 40 k is not half of q for the second: kept for
        // the hold (an over-use cut is brief), then paused
        assertFalse(a.allocate(500 * MS, 230_000, 0, false, tracks));
        assertEquals(0, two.layer, "short for a moment: still its lowest layer");
        assertFalse(a.allocate(4500 * MS, 230_000, 0, false, tracks));
        assertEquals(0, one.layer);
        assertEquals(-1, two.layer);
        assertTrue(two.pausedForBandwidth);
        assertFalse(a.allocate(5000 * MS, 100_000, 0, false, tracks), "the first one waits its own hold");
        assertEquals(0, one.layer);
        assertTrue(a.allocate(9000 * MS, 100_000, 0, false, tracks), "all video paused: reported");
        assertTrue(a.videoPausedForBandwidth());
        assertFalse(a.allocate(9500 * MS, 90_000, 0, false, tracks), "still paused: not again");
        assertFalse(a.allocate(10_000 * MS, 400_000, 0, false, tracks), "resuming waits the hold");
        assertTrue(a.allocate(12_000 * MS, 400_000, 0, false, tracks), "flows again: reported");
        assertFalse(a.videoPausedForBandwidth());
        assertEquals(0, one.layer);
        assertFalse(a.allocate(12_500 * MS, 400_000, 0, false, tracks));
    }

    @Test
    void theMembersCapPausesAtOnce() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice cam = new LayerChoice(2);
        List<BandwidthAllocator.Track> tracks = List.of(video(cam, Integer.MAX_VALUE));
        a.allocate(0, 5_000_000, 0, false, tracks);
        assertTrue(a.allocate(500 * MS, 5_000_000, 30_000, false, tracks), "a cap of 30 k: paused at once");
        assertEquals(-1, cam.layer);
    }

    @Test
    void preferredHeightLimitsEachTrackAndRaisingItGoesUp() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice thumb = new LayerChoice(2);
        LayerChoice large = new LayerChoice(2);
        a.allocate(0, 10_000_000, 0, false, List.of(video(thumb, 180), video(large, 720)));
        assertEquals(0, thumb.layer, "180 asked: q");
        assertEquals(2, large.layer, "720 asked: f");
        a.allocate(500 * MS, 10_000_000, 0, false, List.of(video(thumb, 400), video(large, 720)));
        assertEquals(0, thumb.layer, "raised to 400 (h is 360): going up waits the hold");
        a.allocate(2500 * MS, 10_000_000, 0, false, List.of(video(thumb, 400), video(large, 720)));
        assertEquals(1, thumb.layer);
        a.allocate(3000 * MS, 10_000_000, 0, false, List.of(video(thumb, 100), video(large, 0)));
        assertEquals(0, thumb.layer, "nothing as small as 100: the smallest there is");
        assertEquals(-1, large.layer, "0 pauses the track");
        assertFalse(large.pausedForBandwidth, "paused by the member's wish, not for bandwidth");
    }

    @Test
    void theLargerWantedTrackIsServedFirstWhenTheLinkIsShort() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice thumb = new LayerChoice(2);
        LayerChoice large = new LayerChoice(2);
        // listed thumbnail first. 700 k: both get q, then the large one goes up first (h)
        a.allocate(0, 700_000, 0, false, List.of(video(thumb, 360), video(large, 720)));
        assertEquals(1, large.layer);
        assertEquals(0, thumb.layer);
        // 200 k: only one q fits: the large one keeps it, the thumbnail is paused (after the hold)
        a.allocate(500 * MS, 200_000, 0, false, List.of(video(thumb, 360), video(large, 720)));
        a.allocate(4500 * MS, 200_000, 0, false, List.of(video(thumb, 360), video(large, 720)));
        assertEquals(0, large.layer);
        assertEquals(-1, thumb.layer);
        LayerChoice speaker = new LayerChoice(2);
        LayerChoice other = new LayerChoice(2);
        a.allocate(
                0,
                200_000,
                0,
                false,
                List.of(video(other, 720), new BandwidthAllocator.Track(true, RATES, HEIGHTS, 360, true, speaker)));
        a.allocate(
                4000 * MS,
                200_000,
                0,
                false,
                List.of(video(other, 720), new BandwidthAllocator.Track(true, RATES, HEIGHTS, 360, true, speaker)));
        assertEquals(0, speaker.layer, "the dominant speaker first, whatever its size");
        assertEquals(-1, other.layer);
    }

    @Test
    void singleLayerVideoIsNeverPausedForBandwidth() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice cam = new LayerChoice(0);
        List<BandwidthAllocator.Track> one = List.of(new BandwidthAllocator.Track(
                true, new long[] {300_000}, new int[] {240}, Integer.MAX_VALUE, false, cam));
        assertFalse(a.allocate(0, 1_000, 0, false, one));
        a.allocate(500 * MS, 1_000, 0, false, one);
        assertEquals(0, cam.layer, "its publisher follows the REMB itself");
        assertFalse(cam.pausedForBandwidth);
        assertFalse(a.videoPausedForBandwidth());
    }

    @Test
    void audioOnlyStopsAllVideoWithoutCallingItBandwidth() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice voice = new LayerChoice(0);
        LayerChoice cam = new LayerChoice(2);
        assertFalse(a.allocate(0, 50_000, 0, true, List.of(audio(voice), video(cam, Integer.MAX_VALUE))));
        assertEquals(0, voice.layer);
        assertEquals(-1, cam.layer);
        assertFalse(cam.pausedForBandwidth);
        assertFalse(a.videoPausedForBandwidth());
    }

    @Test
    void theCallCapLimitsLikeAnEstimateAndNoEstimateMeansNoLimit() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice cam = new LayerChoice(2);
        a.allocate(0, 0, 0, false, List.of(video(cam, Integer.MAX_VALUE)));
        assertEquals(2, cam.layer, "no estimate yet, no cap: the best");
        a.allocate(500 * MS, 0, 600_000, false, List.of(video(cam, Integer.MAX_VALUE)));
        assertEquals(1, cam.layer, "capped at 600 k");
        a.allocate(1000 * MS, 300_000, 600_000, false, List.of(video(cam, Integer.MAX_VALUE)));
        assertEquals(0, cam.layer, "the lower of cap and estimate");
    }

    @Test
    void unmeasuredOrSilentLayersAreNotChosen() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice cam = new LayerChoice(2);
        long[] nothingYet = {0, 0, 0};
        a.allocate(
                0,
                100_000,
                0,
                false,
                List.of(new BandwidthAllocator.Track(true, nothingYet, new int[3], 180, false, cam)));
        assertEquals(0, cam.layer, "nothing measured, heights unknown, 180 asked: the first layer");
        a.allocate(
                0,
                100_000,
                0,
                false,
                List.of(new BandwidthAllocator.Track(true, nothingYet, new int[3], Integer.MAX_VALUE, false, cam)));
        assertEquals(2, cam.layer, "nothing measured, no limit: the last layer, as before adaptation");
        long[] topDropped = {150_000, 500_000, 0}; // the publisher stopped sending f
        a.allocate(
                500 * MS,
                5_000_000,
                0,
                false,
                List.of(new BandwidthAllocator.Track(true, topDropped, HEIGHTS, Integer.MAX_VALUE, false, cam)));
        assertEquals(1, cam.layer);
    }

    @Test
    void probingKeepsTheLowestLayerAndTriesOneStepBeyondTheEstimateAfterTheHold() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice cam = new LayerChoice(0);
        List<BandwidthAllocator.Track> tracks = List.of(video(cam, Integer.MAX_VALUE));
        // an estimate that only echoes a trickle: not paused while probing, one step after the hold
        assertFalse(a.allocate(0, 10_000, 0, false, tracks, true));
        assertEquals(0, cam.layer, "the lowest layer, not paused");
        assertFalse(cam.pausedForBandwidth);
        a.allocate(1000 * MS, 10_000, 0, false, tracks, true);
        assertEquals(0, cam.layer);
        a.allocate(2000 * MS, 10_000, 0, false, tracks, true);
        assertEquals(1, cam.layer, "one step beyond the estimate, not two");
        a.allocate(2500 * MS, 600_000, 0, false, tracks, true);
        assertEquals(1, cam.layer, "the next step waits its own hold");
        a.allocate(4500 * MS, 600_000, 0, false, tracks, true);
        assertEquals(2, cam.layer);
        // the link turns out full: the estimate is a ceiling again, down at once, paused after the hold
        a.allocate(5000 * MS, 60_000, 0, false, tracks, false);
        assertEquals(0, cam.layer);
        a.allocate(9000 * MS, 60_000, 0, false, tracks, false);
        assertEquals(-1, cam.layer);
        assertTrue(a.videoPausedForBandwidth());
        // probing again later: a paused track tries its lowest layer only after 10 s
        a.allocate(10_000 * MS, 100_000, 0, false, tracks, true);
        assertEquals(-1, cam.layer);
        a.allocate(19_000 * MS, 100_000, 0, false, tracks, true);
        assertEquals(-1, cam.layer);
        assertTrue(a.allocate(20_000 * MS, 100_000, 0, false, tracks, true), "resumed: told");
        assertEquals(0, cam.layer);
    }

    /**
     * The TV on the island link (seen in IslandLinkTest): the doctor's simulcast and the expert's single
     * 640×360 stream. The single-layer stream is never paused and its publisher is told the TV's share of the
     * estimate; it must not take the room of the doctor's lowest layer.
     */
    @Test
    void aSingleLayerStreamDoesNotCrowdOutASimulcastTracksLowestLayer() {
        BandwidthAllocator a = new BandwidthAllocator();
        LayerChoice doctorVoice = new LayerChoice(0);
        LayerChoice expertVoice = new LayerChoice(0);
        LayerChoice doctor = new LayerChoice(2);
        LayerChoice expert = new LayerChoice(0);
        BandwidthAllocator.Track single =
                new BandwidthAllocator.Track(true, new long[] {450_000}, new int[] {360}, 720, false, expert);
        // 305 kbit/s, 80 k of audio: the doctor first (q, 150 k, fits the 225 k left), then the expert, counted
        // at most at his share (152 k); before, the expert came first and took it all: the doctor was paused
        a.allocate(
                0,
                305_000,
                0,
                false,
                List.of(audio(doctorVoice), audio(expertVoice), video(doctor, Integer.MAX_VALUE), single));
        assertEquals(0, doctor.layer, "the doctor's lowest layer, not paused");
        assertEquals(0, expert.layer, "the single layer goes on");
        assertFalse(a.videoPausedForBandwidth());
    }
}
