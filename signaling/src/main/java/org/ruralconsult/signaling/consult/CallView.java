package org.ruralconsult.signaling.consult;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.ruralconsult.calls.Call;
import org.ruralconsult.calls.CallMember;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.event.Party;

/**
 * A call as clients see it: state, members with names, organizations and states, the invite reasons; no
 * internals.
 */
public final class CallView {
    private final Directory directory;

    public CallView(Directory directory) {
        this.directory = directory;
    }

    public JsonObject toJson(Call call) {
        JsonArray members = new JsonArray();
        for (CallMember m : call.members()) {
            members.add(new JsonObject()
                    .put("party", party(m.party()))
                    .put("name", nameOf(m.party()))
                    .put("organization", organizationOf(m.party()))
                    .put("state", m.state().name())
                    .put("ringGroup", m.ringGroup())
                    .put("reason", m.reason())
                    .put("urgency", m.urgency())
                    .put("invitedBy", m.invitedBy() == null ? null : invitedBy(m.invitedBy()))
                    .put("ringDeadline", time(m.ringDeadline()))
                    .put("graceDeadline", time(m.graceDeadline())));
        }
        return new JsonObject()
                .put("id", call.id())
                .put("version", call.version())
                .put("kind", call.kind().name())
                .put("state", call.state().name())
                .put("caller", party(call.caller()))
                .put("patientId", call.patientId())
                .put(
                        "patientName",
                        call.patientId() == null
                                ? null
                                : directory
                                        .patient(call.patientId())
                                        .map(p -> p.name())
                                        .orElse(null))
                .put("townshipId", call.townshipId())
                .put("members", members)
                .put("createdAt", time(call.createdAt()))
                .put("answeredAt", time(call.answeredAt()))
                .put("endedAt", time(call.endedAt()))
                .put("outcome", call.outcome() == null ? null : call.outcome().name())
                .put("endReason", call.endReason());
    }

    public static JsonObject party(Party party) {
        if (party == null) return null;
        return new JsonObject()
                .put("id", party.id())
                .put("role", party.role().name())
                .put("organizationId", party.organizationId())
                .put("patientId", party.patientId());
    }

    /** The doctor who invited a member: id and name, so an expert sees who asks without a lookup. */
    private JsonObject invitedBy(String practitionerId) {
        return new JsonObject()
                .put("id", practitionerId)
                .put(
                        "name",
                        directory
                                .practitioner(practitionerId)
                                .map(p -> p.name())
                                .orElse(practitionerId))
                .put(
                        "organization",
                        directory
                                .practitioner(practitionerId)
                                .flatMap(p -> directory.organization(p.organizationId()))
                                .map(o -> o.name())
                                .orElse(null));
    }

    private String nameOf(Party party) {
        if (party.patientId() != null) {
            return directory.patient(party.patientId()).map(p -> p.name()).orElse(party.id());
        }
        return directory.practitioner(party.id()).map(p -> p.name()).orElse(party.id());
    }

    /**
     * The name of the member's clinic, hospital or care home (for a TV: the village or care home where the
     * patient lives), which the TV shows under each person's name; null where the directory has none.
     */
    private String organizationOf(Party party) {
        return party.organizationId() == null
                ? null
                : directory
                        .organization(party.organizationId())
                        .map(o -> o.name())
                        .orElse(null);
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
