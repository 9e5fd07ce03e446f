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
        Integer stars) {

    static CallMember joined(Party party, Instant now) {
        return new CallMember(party, MemberState.JOINED, null, null, null, now, null, null, null);
    }

    static CallMember ringing(Party party, String group, String reason, Instant deadline) {
        return new CallMember(party, MemberState.RINGING, group, reason, deadline, null, null, null, null);
    }

    CallMember withState(MemberState newState) {
        return new CallMember(party, newState, ringGroup, reason, ringDeadline, joinedAt, leftAt, graceDeadline, stars);
    }

    CallMember join(Instant now) {
        return new CallMember(party, MemberState.JOINED, ringGroup, reason, ringDeadline, now, null, null, stars);
    }

    CallMember leave(Instant now) {
        return new CallMember(party, MemberState.LEFT, ringGroup, reason, ringDeadline, joinedAt, now, null, stars);
    }

    CallMember disconnect(Instant graceUntil) {
        return new CallMember(
                party, MemberState.DISCONNECTED, ringGroup, reason, ringDeadline, joinedAt, leftAt, graceUntil, stars);
    }

    CallMember resume() {
        return new CallMember(
                party, MemberState.JOINED, ringGroup, reason, ringDeadline, joinedAt, leftAt, null, stars);
    }

    CallMember rated(int given) {
        return new CallMember(party, state, ringGroup, reason, ringDeadline, joinedAt, leftAt, graceDeadline, given);
    }

    public String id() {
        return party.id();
    }
}
