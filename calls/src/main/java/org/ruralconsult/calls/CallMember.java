package org.ruralconsult.calls;

import java.time.Instant;
import org.ruralconsult.domain.event.Party;

/**
 * One party of a call and their state.
 *
 * @param ringGroup members rung together; the first to accept takes it and the others stop ringing.
 *     {@link Call#PRIMARY_GROUP} is the call's callee(s); an invitation has its own group (its order id)
 * @param reason why this party was invited (shown while ringing), or null
 */
public record CallMember(
        Party party,
        MemberState state,
        String ringGroup,
        String reason,
        Instant ringDeadline,
        Instant joinedAt,
        Instant leftAt,
        Instant graceDeadline) {

    static CallMember joined(Party party, Instant now) {
        return new CallMember(party, MemberState.JOINED, null, null, null, now, null, null);
    }

    static CallMember ringing(Party party, String group, String reason, Instant deadline) {
        return new CallMember(party, MemberState.RINGING, group, reason, deadline, null, null, null);
    }

    CallMember withState(MemberState newState) {
        return new CallMember(party, newState, ringGroup, reason, ringDeadline, joinedAt, leftAt, graceDeadline);
    }

    CallMember join(Instant now) {
        return new CallMember(party, MemberState.JOINED, ringGroup, reason, ringDeadline, now, null, null);
    }

    CallMember leave(Instant now) {
        return new CallMember(party, MemberState.LEFT, ringGroup, reason, ringDeadline, joinedAt, now, null);
    }

    CallMember disconnect(Instant graceUntil) {
        return new CallMember(
                party, MemberState.DISCONNECTED, ringGroup, reason, ringDeadline, joinedAt, leftAt, graceUntil);
    }

    CallMember resume() {
        return new CallMember(party, MemberState.JOINED, ringGroup, reason, ringDeadline, joinedAt, leftAt, null);
    }

    public String id() {
        return party.id();
    }
}
