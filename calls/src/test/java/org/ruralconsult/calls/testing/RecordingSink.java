package org.ruralconsult.calls.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.DomainEventSink;

/** Records events; can be told to fail, as an unreachable outbox would. */
public final class RecordingSink implements DomainEventSink {
    public final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    public final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public void accept(DomainEvent event) {
        if (failing.get()) {
            throw new IllegalStateException("sink unavailable");
        }
        events.add(event);
    }

    public <T extends DomainEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
