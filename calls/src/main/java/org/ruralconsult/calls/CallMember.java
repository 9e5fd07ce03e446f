package org.ruralconsult.calls;

import java.time.Instant;
import org.ruralconsult.domain.event.Party;

/**
 * One party of a call and their state.
 *
 * @param ringGroup members rung together; the first to accept takes it and the others stop ringing.
 *     {@link Call#PRIMARY_GROUP} is the call's callee(s); an invitation has its own group (its order id)
 * @param reason why this party was invited (shown while ringing), or null
 * @param stars the patient's rating of the consult, sent by this TV (1 to 5), or null
 * @param urgency how urgent an invitation is (routine, urgent, asap, stat), or null when not invited
 * @param invitedBy the id of the doctor who invited this member, or null when not invited
 */
public record CallMember(
        Party party,
        MemberState state,
        String ringGroup,
        String reason,
        Instant ringDeadline,
        Instant joinedAt,
        Instant leftAt,
        Instant graceDeadline,
        Integer stars,
        String urgency,
        String invitedBy) {

    static CallMember joined(Party party, Instant now) {
        return new CallMember(party, MemberState.JOINED, null, null, null, now, null, null, null, null, null);
    }

    static CallMember ringing(Party party, String group, String reason, Instant deadline) {
        return invited(party, group, reason, deadline, null, null);
    }

    static CallMember invited(
            Party party, String group, String reason, Instant deadline, String urgency, String invitedBy) {
        return new CallMember(
                party, MemberState.RINGING, group, reason, deadline, null, null, null, null, urgency, invitedBy);
    }

    CallMember withState(MemberState newState) {
        return new CallMember(
                party,
                newState,
                ringGroup,
                reason,
                ringDeadline,
                joinedAt,
                leftAt,
                graceDeadline,
                stars,
                urgency,
                invitedBy);
    }

    CallMember join(Instant now) {
        return new CallMember(
                party, MemberState.JOINED, ringGroup, reason, ringDeadline, now, null, null, stars, urgency, invitedBy);
    }

    CallMember leave(Instant now) {
        return new CallMember(
                party,
                MemberState.LEFT,
                ringGroup,
                reason,
                ringDeadline,
                joinedAt,
                now,
                null,
                stars,
                urgency,
                invitedBy);
    }

    CallMember disconnect(Instant graceUntil) {
        return new CallMember(
                party,
                MemberState.DISCONNECTED,
                ringGroup,
                reason,
                ringDeadline,
                joinedAt,
                leftAt,
                graceUntil,
                stars,
                urgency,
                invitedBy);
    }

    CallMember resume() {
        return new CallMember(
                party,
                MemberState.JOINED,
                ringGroup,
                reason,
                ringDeadline,
                joinedAt,
                leftAt,
                null,
                stars,
                urgency,
                invitedBy);
    }

    CallMember rated(int given) {
        return new CallMember(
                party,
                state,
                ringGroup,
                reason,
                ringDeadline,
                joinedAt,
                leftAt,
                graceDeadline,
                given,
                urgency,
                invitedBy);
    }

    public String id() {
        return party.id();
    }
}
