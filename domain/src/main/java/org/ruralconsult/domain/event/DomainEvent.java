package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * Something that happened to a consult and belongs in the clinical record.
 *
 * <p>{@link #eventId()} is unique and stable ({@code callId + "/" + sequence}): a consumer that sees the
 * same id twice has seen the same event twice. {@link #sequence()} orders the events of one call.
 */
public sealed interface DomainEvent
        permits CallCreated,
                CallRinging,
                CallAnswered,
                ParticipantJoined,
                ParticipantLeft,
                CallEnded,
                ExpertConsultOrdered,
                VitalsRecorded,
                ConsultNoteRecorded,
                ConsultMessageSent,
                ConsultRated {
    String callId();

    long sequence();

    Instant at();

    default String eventId() {
        return callId() + "/" + sequence();
    }
}
