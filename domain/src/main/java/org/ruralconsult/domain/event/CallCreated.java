package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * A call was placed.
 *
 * @param patientId the patient the consult is about (null for a call between practitioners)
 * @param townshipId the township centre responsible for the patient (the Encounter's serviceProvider)
 * @param locationOrganizationId where the patient is: their village home or care home
 */
public record CallCreated(
        String callId,
        long sequence,
        Instant at,
        CallKind kind,
        Party caller,
        String patientId,
        String townshipId,
        String locationOrganizationId)
        implements DomainEvent {}
