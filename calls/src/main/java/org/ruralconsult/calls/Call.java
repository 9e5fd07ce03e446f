package org.ruralconsult.calls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.ruralconsult.domain.event.CallKind;
import org.ruralconsult.domain.event.CallOutcome;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.Party;

/**
 * A snapshot of one call, immutable. Transitions make a new snapshot with {@link #version()} + 1 and are
 * written with compare-and-set, so of two nodes racing on the same call only one wins.
 *
 * @param eventCount domain events emitted so far; the next event's sequence is {@code eventCount + 1}
 * @param undelivered events written with this snapshot but not yet confirmed by the event sink: the call's
 *     own outbox, so that a crash between the transition and the delivery loses no clinical record
 */
public record Call(
        String id,
        long version,
        CallKind kind,
        CallState state,
        Party caller,
        String patientId,
        String townshipId,
        String locationOrganizationId,
        List<CallMember> members,
        Instant createdAt,
        Instant answeredAt,
        Instant endedAt,
        CallOutcome outcome,
        Party endedBy,
        String endReason,
        long eventCount,
        List<DomainEvent> undelivered) {

    public static final String PRIMARY_GROUP = "callee";

    public Call {
        members = List.copyOf(members);
        undelivered = List.copyOf(undelivered);
    }

    public Optional<CallMember> member(String partyId) {
        return members.stream().filter(m -> m.id().equals(partyId)).findFirst();
    }

    /** Members in the call now or within their grace period. */
    public long presentCount() {
        return members.stream().filter(m -> m.state().present()).count();
    }

    public boolean isMember(String partyId) {
        return member(partyId).isPresent();
    }

    Call withMembers(UnaryOperator<CallMember> change) {
        return withMembers(members.stream().map(change).toList());
    }

    Call withMembers(List<CallMember> newMembers) {
        return new Call(
                id,
                version,
                kind,
                state,
                caller,
                patientId,
                townshipId,
                locationOrganizationId,
                newMembers,
                createdAt,
                answeredAt,
                endedAt,
                outcome,
                endedBy,
                endReason,
                eventCount,
                undelivered);
    }

    Call withMember(String partyId, UnaryOperator<CallMember> change) {
        return withMembers(m -> m.id().equals(partyId) ? change.apply(m) : m);
    }

    Call plusMember(CallMember member) {
        List<CallMember> list = new ArrayList<>(members);
        list.add(member);
        return withMembers(list);
    }

    Call answered(Instant at) {
        return new Call(
                id,
                version,
                kind,
                CallState.ACTIVE,
                caller,
                patientId,
                townshipId,
                locationOrganizationId,
                members,
                createdAt,
                at,
                endedAt,
                outcome,
                endedBy,
                endReason,
                eventCount,
                undelivered);
    }

    Call ended(Instant at, CallOutcome how, Party by, String reason) {
        return new Call(
                id,
                version,
                kind,
                CallState.ENDED,
                caller,
                patientId,
                townshipId,
                locationOrganizationId,
                members,
                createdAt,
                answeredAt,
                at,
                how,
                by,
                reason,
                eventCount,
                undelivered);
    }

    Call withEvents(long newEventCount, List<DomainEvent> newUndelivered) {
        return new Call(
                id,
                version,
                kind,
                state,
                caller,
                patientId,
                townshipId,
                locationOrganizationId,
                members,
                createdAt,
                answeredAt,
                endedAt,
                outcome,
                endedBy,
                endReason,
                newEventCount,
                newUndelivered);
    }

    Call withVersion(long newVersion) {
        return new Call(
                id,
                newVersion,
                kind,
                state,
                caller,
                patientId,
                townshipId,
                locationOrganizationId,
                members,
                createdAt,
                answeredAt,
                endedAt,
                outcome,
                endedBy,
                endReason,
                eventCount,
                undelivered);
    }
}
