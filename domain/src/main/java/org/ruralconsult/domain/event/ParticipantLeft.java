package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * A party left the live call.
 *
 * @param reason "left", "connection_lost" (grace period ran out) or "call_ended"
 */
public record ParticipantLeft(String callId, long sequence, Instant at, Party participant, String reason)
        implements DomainEvent {}
