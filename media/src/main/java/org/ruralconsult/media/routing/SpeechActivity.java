package org.ruralconsult.media.routing;

/**
 * How much one audio producer spoke lately, from the RFC 6464 levels of its packets. The forwarding
 * path adds each packet's level (no allocation); every {@link DominantSpeaker} tick closes an interval,
 * and the activity is the mean loudness over the last {@link #WINDOW} intervals. A packet's loudness
 * is how far it is above {@link #SILENCE_DBOV}. An interval's loudness is taken over at least
 * {@link #INTERVAL_PACKETS} packets: with DTX a silent member sends a packet every 400 ms, and a cough
 * among them must not make the whole interval loud.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6464#section-3">RFC 6464 §3 audio level</a>
 */
final class SpeechActivity {
    /** Levels at or below -70 dBov are background, not speech (speech is about -20 to -45 dBov). */
    static final int SILENCE_DBOV = 70;
    /** Intervals averaged: 5 ticks of 300 ms, the last 1.5 s. */
    static final int WINDOW = 5;
    /** Packets in one 300 ms interval at Opus' usual 20 ms. */
    static final int INTERVAL_PACKETS = 15;

    private int loudnessSum;
    private int packets;
    private final int[] window = new int[WINDOW];
    private int next;
    private int windowSum;

    /** One packet's level, in -dBov (0..127): forwarding path. */
    void onLevel(int dbov) {
        loudnessSum += Math.max(0, SILENCE_DBOV - dbov);
        packets++;
    }

    /** Closes the interval since the last call; returns {@link #activity()} with it. */
    int roll() {
        int interval = loudnessSum / Math.max(packets, INTERVAL_PACKETS);
        windowSum += interval - window[next];
        window[next] = interval;
        next = (next + 1) % WINDOW;
        loudnessSum = 0;
        packets = 0;
        return activity();
    }

    /** Mean loudness over the window: 0 (silence) to {@link #SILENCE_DBOV} (full scale all along). */
    int activity() {
        return windowSum / WINDOW;
    }
}
