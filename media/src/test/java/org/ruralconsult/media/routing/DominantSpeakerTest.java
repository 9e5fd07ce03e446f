package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dominant speaker from level sequences as a libwebrtc sender writes them (RFC 6464, one level per
 * 20 ms packet; with DTX a silent member sends one packet at level 127 every 400 ms), played against
 * {@link SpeechActivity} and {@link DominantSpeaker} with the router's 300 ms tick. Time is simulated.
 */
class DominantSpeakerTest {
    private static final int SILENT = -1;

    /** A recorded level track: segments of (milliseconds, level in -dBov or SILENT). */
    record Track(String member, int[][] segments) {
        int levelAt(long ms) {
            long t = 0;
            for (int[] s : segments) {
                if (ms < t + s[0]) {
                    return s[1];
                }
                t += s[0];
            }
            return SILENT;
        }
    }

    record Change(long ms, String speaker) {}

    /** Plays the tracks for {@code millis}; returns every change of speaker with its time. */
    private static List<Change> play(long millis, Track... tracks) {
        Map<String, SpeechActivity> activity = new LinkedHashMap<>();
        for (Track t : tracks) {
            activity.put(t.member(), new SpeechActivity());
        }
        DominantSpeaker speaker = new DominantSpeaker();
        List<Change> changes = new ArrayList<>();
        for (long ms = 0; ms <= millis; ms += 20) {
            for (Track t : tracks) {
                int level = t.levelAt(ms);
                if (level != SILENT) {
                    activity.get(t.member()).onLevel(level);
                } else if (ms % 400 == 0) {
                    activity.get(t.member()).onLevel(127); // DTX comfort noise update
                }
            }
            if (ms > 0 && ms % DominantSpeaker.TICK_MILLIS == 0) {
                Map<String, Integer> now = new LinkedHashMap<>();
                activity.forEach((member, a) -> now.put(member, a.roll()));
                if (speaker.update(ms * 1_000_000L, now)) {
                    changes.add(new Change(ms, speaker.current()));
                }
            }
        }
        return changes;
    }

    @Test
    void twoMembersTakingTurnsAreEachPickedSoonAfterTheyStart() {
        Track alice = new Track("alice", new int[][] {{4000, 30}, {4000, SILENT}});
        Track bob = new Track("bob", new int[][] {{4000, SILENT}, {4000, 35}});
        List<Change> changes = play(8000, alice, bob);
        assertEquals(2, changes.size(), changes.toString());
        assertEquals("alice", changes.get(0).speaker());
        assertTrue(changes.get(0).ms() <= 900, "alice picked within 0.9 s: " + changes);
        assertEquals("bob", changes.get(1).speaker());
        assertTrue(
                changes.get(1).ms() > 4000 && changes.get(1).ms() <= 5500,
                "bob picked 0.3-1.5 s after he starts: " + changes);
    }

    @Test
    void aCoughDoesNotTakeTheFloorFromTheSpeaker() {
        Track alice = new Track("alice", new int[][] {{6000, 35}});
        // a loud cough (-5 dBov) for 240 ms, three seconds in
        Track bob = new Track("bob", new int[][] {{3000, SILENT}, {240, 5}, {2760, SILENT}});
        List<Change> changes = play(6000, alice, bob);
        assertEquals(List.of("alice"), changes.stream().map(Change::speaker).toList());
    }

    @Test
    void aCoughInASilentRoomMakesNobodyTheSpeaker() {
        Track alice = new Track("alice", new int[][] {{5000, SILENT}});
        Track bob = new Track("bob", new int[][] {{2000, SILENT}, {200, 3}, {2800, SILENT}});
        assertEquals(List.of(), play(5000, alice, bob));
    }

    @Test
    void quietBackgroundIsNotSpeech() {
        Track alice = new Track("alice", new int[][] {{5000, 72}}); // a fan at -72 dBov, no DTX
        Track bob = new Track("bob", new int[][] {{5000, 65}}); // a little louder room tone
        assertEquals(List.of(), play(5000, alice, bob));
    }

    @Test
    void afterAFewSecondsOfSilenceThereIsNoSpeaker() {
        Track alice = new Track("alice", new int[][] {{2000, 30}, {6000, SILENT}});
        Track bob = new Track("bob", new int[][] {{8000, SILENT}});
        List<Change> changes = play(8000, alice, bob);
        assertEquals(2, changes.size(), changes.toString());
        assertEquals("alice", changes.get(0).speaker());
        assertNull(changes.get(1).speaker());
        long silentFor = changes.get(1).ms() - 2000;
        assertTrue(silentFor >= 3000 && silentFor <= 4500, "none about 3 s after the last speech: " + changes);
    }

    @Test
    void aSpeakerWhoLeavesIsNoLongerTheSpeaker() {
        DominantSpeaker speaker = new DominantSpeaker();
        long t = 0;
        for (int i = 0; i < 3; i++) {
            speaker.update(t += 300_000_000L, Map.of("alice", 30, "bob", 0));
        }
        assertEquals("alice", speaker.current());
        assertTrue(speaker.update(t + 300_000_000L, Map.of("bob", 0)));
        assertNull(speaker.current());
    }

    @Test
    void aSlightlyLouderMemberDoesNotSwitchTheSpeakerBackAndForth() {
        DominantSpeaker speaker = new DominantSpeaker();
        long t = 0;
        for (int i = 0; i < 3; i++) {
            speaker.update(t += 300_000_000L, Map.of("alice", 30, "bob", 10));
        }
        assertEquals("alice", speaker.current());
        for (int i = 0; i < 20; i++) { // bob edges ahead and falls back, within the margin
            boolean changed = speaker.update(t += 300_000_000L, Map.of("alice", 30, "bob", 30 + (i % 3)));
            assertTrue(!changed && "alice".equals(speaker.current()), "tick " + i);
        }
    }
}
