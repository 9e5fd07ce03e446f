package org.ruralconsult.domain.event;

/**
 * Where domain events go (the FHIR adapter's outbox, a test recorder...).
 *
 * <p>{@link #accept} returns only once the event is durably stored by the sink, so it may block on disk
 * or network: call it off any event loop. Events of one call arrive in {@link DomainEvent#sequence()}
 * order; an implementation must tolerate the same event twice (same {@link DomainEvent#eventId()}).
 */
@FunctionalInterface
public interface DomainEventSink {
    void accept(DomainEvent event);

    DomainEventSink NONE = event -> {};
}
