package org.ruralconsult.media.routing;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's dominant speaker as a signal: each tick hands the members' speech activity (from the RFC 6464
 * levels of their audio producers) to the {@link DominantSpeaker} detector, and a change goes to every
 * participant's listener; a member who joins later is told the current one. Worker thread only.
 */
final class SpeakerSignal {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpeakerSignal.class);
    private final DominantSpeaker detector = new DominantSpeaker();

    /** The member heard most lately, or null. */
    String current() {
        return detector.current();
    }

    void tick(Collection<Participant> participants, long nowNanos) {
        Map<String, Integer> activity = new LinkedHashMap<>();
        for (Participant p : participants) {
            for (Producer producer : p.producersByMid.values()) {
                if (producer.speech != null) {
                    activity.merge(p.id, producer.speech.roll(), Math::max);
                }
            }
        }
        if (detector.update(nowNanos, activity)) {
            for (Participant p : participants) {
                tell(p);
            }
        }
    }

    void tellNewcomer(Participant p) {
        if (detector.current() != null) {
            tell(p);
        }
    }

    private void tell(Participant p) {
        try {
            p.listener.onDominantSpeaker(p.id, detector.current());
        } catch (RuntimeException e) {
            LOG.warn("listener of {} failed: {}", p.id, e.toString());
        }
    }
}
