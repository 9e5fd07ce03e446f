package org.ruralconsult.media.routing;

import java.util.Map;

/**
 * Who speaks in a call: each tick (about every 300 ms) it takes every member's {@link SpeechActivity}
 * over the last 1.5 s and keeps the current speaker until another member is clearly louder (by
 * {@link #MARGIN}) for {@link #LEAD_TICKS} ticks in a row, so a cough or a door does not switch the
 * picture; after {@link #SILENCE_NANOS} without anyone speaking there is none. Time is passed in.
 */
final class DominantSpeaker {
    static final long TICK_MILLIS = 300;
    /** The activity from which a member counts as speaking (mean loudness over the window). */
    static final int SPEAKING = 12;
    /** How much louder than the current speaker a challenger must be. */
    static final int MARGIN = 4;
    /** Consecutive ticks a challenger must lead before it takes over (600 ms). */
    static final int LEAD_TICKS = 2;

    static final long SILENCE_NANOS = 3_000_000_000L;

    private String current;
    private String challenger;
    private int challengerTicks;
    private long lastSpeechNanos;

    /**
     * One tick. {@code activity}: each member with audio and their activity now (members without audio
     * are absent). Returns true when {@link #current()} changed.
     */
    boolean update(long nowNanos, Map<String, Integer> activity) {
        String loudest = null;
        int best = -1;
        for (Map.Entry<String, Integer> e : activity.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                loudest = e.getKey();
            }
        }
        if (current != null && !activity.containsKey(current)) {
            current = null; // left, or stopped publishing audio
            challenger = null;
            challengerTicks = 0;
            return true;
        }
        if (best >= SPEAKING) {
            lastSpeechNanos = nowNanos;
        }
        int currentActivity = current == null ? 0 : activity.get(current);
        if (best >= SPEAKING && !loudest.equals(current) && best >= currentActivity + MARGIN) {
            if (loudest.equals(challenger)) {
                challengerTicks++;
            } else {
                challenger = loudest;
                challengerTicks = 1;
            }
            if (challengerTicks >= LEAD_TICKS) {
                current = loudest;
                challenger = null;
                challengerTicks = 0;
                return true;
            }
        } else {
            challenger = null;
            challengerTicks = 0;
        }
        if (current != null && nowNanos - lastSpeechNanos >= SILENCE_NANOS) {
            current = null;
            return true;
        }
        return false;
    }

    /** The dominant speaker's participant id, or null when nobody spoke lately. */
    String current() {
        return current;
    }
}
