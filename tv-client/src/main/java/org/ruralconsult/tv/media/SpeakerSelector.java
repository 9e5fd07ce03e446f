package org.ruralconsult.tv.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who fills the screen in a call of three or more: the person speaking, chosen from the received audio
 * levels, switched only after {@link #DEFAULT_HOLD} of clear dominance so the picture never flickers.
 *
 * <p>Rule: a challenger takes the large view when, in every update for at least {@code hold}, it is at or
 * above {@code minLevel} and at least {@code ratio} times as loud as everyone else (the current large
 * person included). Any update that breaks this starts the count again. With nobody large yet (the first
 * update) or when the large person leaves, the loudest present is taken at once (ties: the smallest id).
 *
 * <p>Levels are linear, 0–1 (WebRTC's {@code audioLevel}); silence is about 0.0003, speech 0.05–0.5.
 * Thread-safe; the time comes from the injected {@link Clock}.
 */
public final class SpeakerSelector {
    public static final Duration DEFAULT_HOLD = Duration.ofMillis(1500);
    public static final double DEFAULT_RATIO = 2.0;
    public static final double DEFAULT_MIN_LEVEL = 0.01;

    private final Clock clock;
    private final Duration hold;
    private final double ratio;
    private final double minLevel;
    private String large;
    private String challenger;
    private Instant challengerSince;

    public SpeakerSelector(Clock clock) {
        this(clock, DEFAULT_HOLD, DEFAULT_RATIO, DEFAULT_MIN_LEVEL);
    }

    public SpeakerSelector(Clock clock, Duration hold, double ratio, double minLevel) {
        this.clock = clock;
        this.hold = hold;
        this.ratio = ratio;
        this.minLevel = minLevel;
    }

    /**
     * Takes the latest level of each remote participant present (absent = gone) and returns who is large.
     */
    public synchronized Optional<String> update(Map<String, Double> levels) {
        Map<String, Double> present = new TreeMap<>(levels);
        Instant now = clock.instant();
        if (large == null || !present.containsKey(large)) {
            large = loudest(present);
            challenger = null;
            return Optional.ofNullable(large);
        }
        String dominant = dominant(present);
        if (dominant == null || dominant.equals(large)) {
            challenger = null;
        } else if (!dominant.equals(challenger)) {
            challenger = dominant;
            challengerSince = now;
        }
        if (challenger != null && !now.isBefore(challengerSince.plus(hold))) {
            large = challenger;
            challenger = null;
        }
        return Optional.of(large);
    }

    /** Who is large now; empty before the first update with someone present. */
    public synchronized Optional<String> large() {
        return Optional.ofNullable(large);
    }

    /** The one participant clearly louder than all others, or null. */
    private String dominant(Map<String, Double> present) {
        String top = loudest(present);
        if (top == null) {
            return null;
        }
        double level = present.get(top);
        if (level < minLevel) {
            return null;
        }
        for (Map.Entry<String, Double> e : present.entrySet()) {
            if (!e.getKey().equals(top) && level < ratio * e.getValue()) {
                return null;
            }
        }
        return top;
    }

    private static String loudest(Map<String, Double> present) {
        String top = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : present.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                top = e.getKey();
            }
        }
        return top;
    }
}
