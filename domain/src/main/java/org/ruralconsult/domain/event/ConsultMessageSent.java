package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * A short text a clinician sent to the patient's screen during the consult, for those who hear badly. It
 * was said to the patient, so it is part of the record (FHIR Communication).
 *
 * @param sender the clinician who wrote it
 * @param patientId the patient the consult is about (the recipient)
 * @param text 1 to 200 characters, trimmed, without control characters
 */
public record ConsultMessageSent(String callId, long sequence, Instant at, Party sender, String patientId, String text)
        implements DomainEvent {}
