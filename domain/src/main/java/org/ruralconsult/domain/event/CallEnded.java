package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * The call is over.
 *
 * @param endedBy who ended it; null when the server ended it (timeout, everyone left)
 * @param reason free text or a code such as "hangup", "ring_timeout", "all_left"
 */
public record CallEnded(String callId, long sequence, Instant at, Party endedBy, CallOutcome outcome, String reason)
        implements DomainEvent {}
