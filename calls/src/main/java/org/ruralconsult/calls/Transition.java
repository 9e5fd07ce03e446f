package org.ruralconsult.calls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ruralconsult.domain.event.DomainEvent;

/** The outcome of one step of the state machine: the next snapshot and the domain events it emits. */
record Transition(Call next, List<EventDraft> events) {

    /** A domain event still waiting for its sequence number, which it gets only when the write succeeds. */
    @FunctionalInterface
    interface EventDraft {
        DomainEvent make(String callId, long sequence, Instant at);
    }

    static Transition of(Call next, EventDraft... events) {
        return new Transition(next, List.of(events));
    }

    /** No change at all: nothing is written. */
    static Transition none(Call unchanged) {
        return new Transition(unchanged, List.of());
    }

    Transition then(Transition following) {
        List<EventDraft> all = new ArrayList<>(events);
        all.addAll(following.events);
        return new Transition(following.next, all);
    }
}
