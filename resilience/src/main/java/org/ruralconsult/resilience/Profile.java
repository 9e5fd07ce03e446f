package org.ruralconsult.resilience;

import java.util.List;

/**
 * A link profile: a sequence of phases, each one link state held for some seconds (a change between
 * phases is a {@code tc qdisc replace} and a new linkem setting at run time). The figures of a profile are
 * taken over all its phases; {@code recoveryPhase} (or null) names the phase whose start is "the link is
 * back", from which the time to get the top layer back is measured.
 */
record Profile(String name, String title, List<Phase> phases, String recoveryPhase) {
    record Phase(String name, int seconds, Link link) {}

    static Profile van(int seconds) {
        return new Profile(
                "van", "4G van", List.of(new Phase("van", seconds, Link.bernoulli(1500, 60, 20, 0.02))), null);
    }

    static Profile island(int seconds) {
        return new Profile(
                "island",
                "island radio",
                List.of(new Phase("island", seconds, Link.bursts(600, 150, 0, 0.05, 10))),
                null);
    }

    static Profile drop(int before, int low, int after) {
        return new Profile(
                "drop",
                "drop",
                List.of(
                        new Phase("3M", before, Link.rate(3000)),
                        new Phase("500k", low, Link.rate(500)),
                        new Phase("back", after, Link.rate(3000))),
                "back");
    }

    int seconds() {
        return phases.stream().mapToInt(Phase::seconds).sum();
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Phase p : phases) {
            if (b.length() > 0) {
                b.append(" → ");
            }
            b.append(p.link().describe()).append(" for ").append(p.seconds()).append(" s");
        }
        return b.toString();
    }
}
