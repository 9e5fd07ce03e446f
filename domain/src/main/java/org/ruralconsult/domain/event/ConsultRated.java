package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * The patient's evaluation of a consult: the stars given on the TV with the remote (1 to 5), once per TV
 * and call, possibly after the call ended (FHIR QuestionnaireResponse).
 *
 * @param rater the TV that sent the stars (a {@code PATIENT_DEVICE} party)
 * @param patientId the patient the consult was about
 */
public record ConsultRated(String callId, long sequence, Instant at, Party rater, String patientId, int stars)
        implements DomainEvent {}
