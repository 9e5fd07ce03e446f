package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * During a call the township doctor asked for a county expert (a FHIR ServiceRequest).
 *
 * @param expertId the named expert, or null when the on-duty experts of {@code specialty} are rung
 * @param urgency "routine", "urgent", "asap" or "stat" (FHIR request-priority)
 */
public record ExpertConsultOrdered(
        String callId,
        long sequence,
        Instant at,
        String orderId,
        Party orderedBy,
        String patientId,
        String specialty,
        String expertId,
        String urgency,
        String reason)
        implements DomainEvent {}
