package org.ruralconsult.domain.event;

import java.time.Instant;

/** A party is now in the live call (the caller, the answerer, an invited expert, or a rejoin). */
public record ParticipantJoined(String callId, long sequence, Instant at, Party participant) implements DomainEvent {}
