package org.ruralconsult.calls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.CallAnswered;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.CallOutcome;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.ConsultRated;
import org.ruralconsult.domain.event.ParticipantJoined;
import org.ruralconsult.domain.event.ParticipantLeft;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.domain.event.VitalsRecorded;

/**
 * The call state machine as pure functions of a snapshot: no store, no clock, no I/O, so every rule and
 * race is testable in isolation. An illegal step throws {@link CallException}.
 */
final class Transitions {
    static final Set<String> URGENCIES = Set.of("routine", "urgent", "asap", "stat");

    private Transitions() {}

    static CallMember requireMember(Call call, Party party) {
        return call.member(party.id()).orElseThrow(() -> CallException.forbidden("not a member of call " + call.id()));
    }

    static Transition accept(Call call, Party party, Instant now) {
        CallMember m = requireMember(call, party);
        if (call.state() == CallState.ENDED) {
            throw CallException.illegalState("the call has ended");
        }
        if (m.state() != MemberState.RINGING) {
            boolean groupTaken = m.ringGroup() != null
                    && call.members().stream()
                            .anyMatch(o -> m.ringGroup().equals(o.ringGroup())
                                    && o.state().present()
                                    && !o.id().equals(party.id()));
            if (m.state() == MemberState.RING_CANCELLED && groupTaken) {
                throw new CallException("already_answered", "someone else answered");
            }
            throw new CallException("not_ringing", "this call is not ringing for you");
        }
        String group = m.ringGroup();
        Call next = call.withMembers(o -> o.id().equals(party.id())
                ? o.join(now)
                : group.equals(o.ringGroup()) && o.state() == MemberState.RINGING
                        ? o.withState(MemberState.RING_CANCELLED)
                        : o);
        List<Transition.EventDraft> events = new ArrayList<>();
        if (call.state() == CallState.RINGING && Call.PRIMARY_GROUP.equals(group)) {
            next = next.answered(now);
            events.add((id, seq, at) -> new CallAnswered(id, seq, at, party));
            // The call is live from now: everyone already in it starts their participation now.
            for (CallMember present : next.members()) {
                if (present.state().present()) {
                    Party p = present.party();
                    events.add((id, seq, at) -> new ParticipantJoined(id, seq, at, p));
                }
            }
        } else if (call.state() == CallState.ACTIVE) {
            events.add((id, seq, at) -> new ParticipantJoined(id, seq, at, party));
        }
        return new Transition(next, events);
    }

    static Transition decline(Call call, Party party, Instant now) {
        CallMember m = requireMember(call, party);
        if (m.state() != MemberState.RINGING) {
            throw new CallException("not_ringing", "this call is not ringing for you");
        }
        Call next = call.withMember(party.id(), o -> o.withState(MemberState.DECLINED));
        return Transition.of(next).then(endIfPrimaryUnanswerable(next, now));
    }

    /** While the call rings: if nobody of the primary group is still ringing, the call ends unanswered. */
    static Transition endIfPrimaryUnanswerable(Call call, Instant now) {
        if (call.state() != CallState.RINGING) {
            return Transition.none(call);
        }
        List<CallMember> primary = call.members().stream()
                .filter(m -> Call.PRIMARY_GROUP.equals(m.ringGroup()))
                .toList();
        if (primary.stream().anyMatch(m -> m.state() == MemberState.RINGING)) {
            return Transition.none(call);
        }
        boolean allDeclined = primary.stream().allMatch(m -> m.state() == MemberState.DECLINED);
        CallOutcome outcome = allDeclined ? CallOutcome.DECLINED : CallOutcome.MISSED;
        String reason = allDeclined ? "declined" : "ring_timeout";
        return end(call, null, outcome, reason, now);
    }

    static Transition cancel(Call call, Party party, Instant now) {
        if (call.state() != CallState.RINGING) {
            throw CallException.illegalState("only a ringing call can be cancelled; end a live call instead");
        }
        if (!call.caller().id().equals(party.id())) {
            throw CallException.forbidden("only the caller can cancel");
        }
        return end(call, party, CallOutcome.CANCELLED, "cancelled", now);
    }

    /** Ends the call: present members leave, ringing members stop ringing. */
    static Transition end(Call call, Party by, CallOutcome outcome, String reason, Instant now) {
        if (call.state() == CallState.ENDED) {
            throw CallException.illegalState("the call has already ended");
        }
        boolean wasLive = call.state() == CallState.ACTIVE;
        List<Transition.EventDraft> events = new ArrayList<>();
        Call next = call.withMembers(m -> {
            if (m.state().present()) {
                if (wasLive) {
                    Party p = m.party();
                    events.add((id, seq, at) -> new ParticipantLeft(id, seq, at, p, "call_ended"));
                }
                return m.leave(now);
            }
            return m.state() == MemberState.RINGING ? m.withState(MemberState.RING_CANCELLED) : m;
        });
        next = next.ended(now, outcome, by, reason);
        events.add((id, seq, at) -> new CallEnded(id, seq, at, by, outcome, reason));
        return new Transition(next, events);
    }

    static Transition hangUp(Call call, Party party, String reason, Instant now) {
        CallMember m = requireMember(call, party);
        if (!m.state().present()) {
            throw CallException.forbidden("you are not in this call");
        }
        if (call.state() == CallState.RINGING) {
            return cancel(call, party, now);
        }
        return end(call, party, CallOutcome.COMPLETED, reason == null ? "hangup" : reason, now);
    }

    static Transition leave(Call call, Party party, String reason, Instant now) {
        CallMember m = requireMember(call, party);
        if (!m.state().present()) {
            throw CallException.illegalState("you are not in this call");
        }
        if (call.state() == CallState.RINGING) {
            if (call.caller().id().equals(party.id())) {
                return cancel(call, party, now);
            }
            return Transition.of(call.withMember(party.id(), o -> o.leave(now)));
        }
        Call next = call.withMember(party.id(), o -> o.leave(now));
        Transition left = Transition.of(next, (id, seq, at) -> new ParticipantLeft(id, seq, at, party, reason));
        // A consult needs two people: once fewer than two are left in it, it is over.
        if (next.presentCount() < 2) {
            return left.then(end(next, null, CallOutcome.COMPLETED, "all_left", now));
        }
        return left;
    }

    static Transition connectionLost(Call call, Party party, Instant graceUntil) {
        CallMember m = requireMember(call, party);
        if (m.state() != MemberState.JOINED || call.state() == CallState.ENDED) {
            return Transition.none(call);
        }
        return Transition.of(call.withMember(party.id(), o -> o.disconnect(graceUntil)));
    }

    static Transition rejoin(Call call, Party party, Instant now) {
        CallMember m = requireMember(call, party);
        if (call.state() == CallState.ENDED) {
            throw CallException.illegalState("the call has ended");
        }
        return switch (m.state()) {
            case JOINED -> Transition.none(call);
            case DISCONNECTED -> Transition.of(call.withMember(party.id(), CallMember::resume));
            case LEFT -> {
                if (call.state() != CallState.ACTIVE) {
                    throw CallException.illegalState("the call is not live");
                }
                yield Transition.of(
                        call.withMember(party.id(), o -> o.join(now)),
                        (id, seq, at) -> new ParticipantJoined(id, seq, at, party));
            }
            default -> throw CallException.illegalState("you cannot rejoin from " + m.state());
        };
    }

    /** Ring timeouts and grace periods that have run out at {@code now}. */
    static Transition expire(Call call, Instant now) {
        if (call.state() == CallState.ENDED) {
            return Transition.none(call);
        }
        Call next = call.withMembers(
                m -> m.state() == MemberState.RINGING && m.ringDeadline() != null && !now.isBefore(m.ringDeadline())
                        ? m.withState(MemberState.MISSED)
                        : m);
        Transition result = Transition.of(next).then(endIfPrimaryUnanswerable(next, now));
        for (CallMember m : call.members()) {
            if (result.next().state() == CallState.ENDED) {
                break;
            }
            if (m.state() == MemberState.DISCONNECTED && !now.isBefore(m.graceDeadline())) {
                result = result.then(leave(result.next(), m.party(), "connection_lost", now));
            }
        }
        return result;
    }

    static boolean hasExpired(Call call, Instant now) {
        return call.state() != CallState.ENDED
                && call.members().stream()
                        .anyMatch(m -> (m.state() == MemberState.RINGING
                                        && m.ringDeadline() != null
                                        && !now.isBefore(m.ringDeadline()))
                                || (m.state() == MemberState.DISCONNECTED && !now.isBefore(m.graceDeadline())));
    }

    /** Vitals and notes come from a clinician who took part; they may follow the end of the call. */
    static CallMember requireClinicalAuthor(Call call, Party party) {
        CallMember m = requireMember(call, party);
        if (!party.role().isClinician() || m.joinedAt() == null) {
            throw CallException.forbidden("only a clinician who took part in the consult can record it");
        }
        if (call.patientId() == null) {
            throw new CallException("invalid", "this call is not about a patient");
        }
        return m;
    }

    /**
     * Vitals also from care-home staff who took part in their resident's call: they take the blood
     * pressure at the bedside while the doctor watches (the note stays the clinicians').
     */
    static Transition recordVitals(Call call, Party party, Vitals v) {
        if (party.role() == Role.CARE_HOME_STAFF) {
            requireStaffWhoTookPart(call, party);
        } else {
            requireClinicalAuthor(call, party);
        }
        v.validate();
        String patientId = call.patientId();
        return Transition.of(
                call,
                (id, seq, at) -> new VitalsRecorded(
                        id, seq, at, party, patientId, v.systolic(), v.diastolic(), v.heartRate(), v.glucose()));
    }

    static void requireStaffWhoTookPart(Call call, Party party) {
        CallMember m = requireMember(call, party);
        if (m.joinedAt() == null) {
            throw CallException.forbidden("only care-home staff who took part in the consult can record vitals");
        }
        if (call.patientId() == null) {
            throw new CallException("invalid", "this call is not about a patient");
        }
    }

    static Transition recordNote(Call call, Party party, String reason, String note) {
        requireClinicalAuthor(call, party);
        if ((reason == null || reason.isBlank()) && (note == null || note.isBlank())) {
            throw new CallException("invalid", "a reason or a note is needed");
        }
        return Transition.of(call, (id, seq, at) -> new ConsultNoteRecorded(id, seq, at, party, reason, note));
    }

    /** Longest text message, in code points, after trimming. */
    static final int MAX_MESSAGE_LENGTH = 200;

    /**
     * A short text a clinician present in the live call sends to the patient's screen (for those who hear
     * badly). Control and bidi-override characters are stripped, then the text is trimmed; what is left
     * must be 1 to {@link #MAX_MESSAGE_LENGTH} characters. The call itself does not change: the message is
     * an event of the record.
     */
    static Transition sendMessage(Call call, Party party, String text) {
        CallMember m = requireMember(call, party);
        if (!canSendMessages(party.role())) {
            throw CallException.forbidden("only a clinician or care-home staff in the call can send a message");
        }
        if (call.state() != CallState.ACTIVE || m.state() != MemberState.JOINED) {
            throw CallException.illegalState("messages can be sent only by someone in the live call");
        }
        if (call.patientId() == null) {
            throw new CallException("invalid", "this call is not about a patient");
        }
        String clean = cleanMessage(text);
        int length = clean.codePointCount(0, clean.length());
        if (length == 0 || length > MAX_MESSAGE_LENGTH) {
            throw new CallException("invalid", "a message is 1 to " + MAX_MESSAGE_LENGTH + " characters");
        }
        String patientId = call.patientId();
        return Transition.of(call, (id, seq, at) -> new ConsultMessageSent(id, seq, at, party, patientId, clean));
    }

    static boolean canSendMessages(Role role) {
        return role == Role.TOWNSHIP_DOCTOR || role == Role.COUNTY_EXPERT || role == Role.CARE_HOME_STAFF;
    }

    /**
     * Removes what must never reach a screen: C0/C1 controls (NUL, ESC, line breaks become spaces so a
     * TV line does not break oddly), bidi embeddings, overrides and isolates, zero-width and other
     * format characters, unpaired surrogates; then trims.
     */
    static String cleanMessage(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                out.append(' ');
                return;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return;
            }
            out.appendCodePoint(cp);
        });
        return out.toString().strip().replaceAll(" {2,}", " ");
    }

    /**
     * The patient's stars from a TV that was in the consult (joined at some point), in the live call or
     * after it ended (while the snapshot is kept). Once per TV: the same stars again change nothing (a
     * resend after a lost reply), other stars are refused.
     */
    static Transition rate(Call call, Party party, int stars) {
        CallMember m = requireMember(call, party);
        if (party.role() != Role.PATIENT_DEVICE) {
            throw CallException.forbidden("only the patient's TV rates a consult");
        }
        if (m.joinedAt() == null) {
            throw CallException.illegalState("this TV did not take part in the consult");
        }
        if (stars < 1 || stars > 5) {
            throw new CallException("invalid", "stars are 1 to 5");
        }
        if (m.stars() != null) {
            if (m.stars() == stars) return Transition.none(call);
            throw CallException.illegalState("this consult was already rated");
        }
        String patientId = party.patientId() != null ? party.patientId() : call.patientId();
        return Transition.of(
                call.withMember(party.id(), o -> o.rated(stars)),
                (id, seq, at) -> new ConsultRated(id, seq, at, party, patientId, stars));
    }
}
