package org.ruralconsult.fhir.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.CallAnswered;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.ParticipantJoined;
import org.ruralconsult.domain.event.ParticipantLeft;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.domain.event.VitalsRecorded;

/**
 * The state of one call as far as its events tell, folded in sequence order. An Encounter accumulates
 * over many events, so every bundle is written from this projection, never from one event alone.
 */
public final class CallProjection {
    /** One stay of a party in the live call; a rejoin opens a new span. */
    public record Span(Party party, Instant joined, Instant left) {}

    private final String callId;
    private CallCreated created;
    private CallAnswered answered;
    private CallEnded ended;
    private final List<Span> spans = new ArrayList<>();
    private final List<ExpertConsultOrdered> orders = new ArrayList<>();
    private final List<VitalsRecorded> vitals = new ArrayList<>();
    private final List<ConsultNoteRecorded> notes = new ArrayList<>();

    private CallProjection(String callId) {
        this.callId = callId;
    }

    /** Folds the events of one call; they must be in sequence order. */
    public static CallProjection of(String callId, List<DomainEvent> events) {
        CallProjection projection = new CallProjection(callId);
        events.forEach(projection::apply);
        return projection;
    }

    private void apply(DomainEvent event) {
        if (!event.callId().equals(callId)) throw new IllegalArgumentException("event of another call: " + event);
        if (event instanceof CallCreated e) {
            created = e;
        } else if (event instanceof CallAnswered e) {
            answered = e;
        } else if (event instanceof ParticipantJoined e) {
            int open = openSpan(e.participant());
            if (open < 0) spans.add(new Span(e.participant(), e.at(), null));
        } else if (event instanceof ParticipantLeft e) {
            int open = openSpan(e.participant());
            if (open >= 0)
                spans.set(open, new Span(e.participant(), spans.get(open).joined(), e.at()));
        } else if (event instanceof CallEnded e) {
            ended = e;
            for (int i = 0; i < spans.size(); i++) {
                Span span = spans.get(i);
                if (span.left() == null) spans.set(i, new Span(span.party(), span.joined(), e.at()));
            }
        } else if (event instanceof ExpertConsultOrdered e) {
            orders.add(e);
        } else if (event instanceof VitalsRecorded e) {
            vitals.add(e);
        } else if (event instanceof ConsultNoteRecorded e) {
            notes.add(e);
        }
        // CallRinging changes nothing in the record: who was rung is signaling detail.
    }

    private int openSpan(Party party) {
        for (int i = spans.size() - 1; i >= 0; i--) {
            Span span = spans.get(i);
            if (span.party().id().equals(party.id()) && span.left() == null) return i;
        }
        return -1;
    }

    public String callId() {
        return callId;
    }

    /** Null when the CallCreated event is not (yet) known. */
    public CallCreated created() {
        return created;
    }

    public CallAnswered answered() {
        return answered;
    }

    public CallEnded ended() {
        return ended;
    }

    public List<Span> spans() {
        return List.copyOf(spans);
    }

    /** Spans of practitioners; the TV's presence is the subject's, not a participant's (R4 Encounter). */
    public List<Span> practitionerSpans() {
        return spans.stream()
                .filter(s -> s.party().role() != Role.PATIENT_DEVICE)
                .toList();
    }

    public List<ExpertConsultOrdered> orders() {
        return List.copyOf(orders);
    }

    public List<VitalsRecorded> vitals() {
        return List.copyOf(vitals);
    }

    public List<ConsultNoteRecorded> notes() {
        return List.copyOf(notes);
    }

    /** The patient the consult is about: from the call, else from an order or vitals entry. */
    public String patientId() {
        if (created != null && created.patientId() != null) return created.patientId();
        for (ExpertConsultOrdered o : orders) if (o.patientId() != null) return o.patientId();
        for (VitalsRecorded v : vitals) if (v.patientId() != null) return v.patientId();
        return null;
    }

    /** The TV in the call, if one took part. */
    public Party tv() {
        if (answered != null && answered.answeredBy().role() == Role.PATIENT_DEVICE) return answered.answeredBy();
        if (created != null && created.caller().role() == Role.PATIENT_DEVICE) return created.caller();
        return spans.stream()
                .map(Span::party)
                .filter(p -> p.role() == Role.PATIENT_DEVICE)
                .findFirst()
                .orElse(null);
    }
}
