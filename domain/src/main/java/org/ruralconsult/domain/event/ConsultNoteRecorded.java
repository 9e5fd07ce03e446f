package org.ruralconsult.domain.event;

import java.time.Instant;

/** The doctor's reason for the consult and closing note (Encounter.reasonCode text and note). */
public record ConsultNoteRecorded(String callId, long sequence, Instant at, Party author, String reason, String note)
        implements DomainEvent {}
