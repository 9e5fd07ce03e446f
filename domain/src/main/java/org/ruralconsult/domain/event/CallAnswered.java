package org.ruralconsult.domain.event;

import java.time.Instant;

/** The call was answered: it is live from now on. */
public record CallAnswered(String callId, long sequence, Instant at, Party answeredBy) implements DomainEvent {}
