package org.ruralconsult.signaling.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.calls.Presence;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.Access;
import org.ruralconsult.signaling.records.PatientRecords;
import org.ruralconsult.signaling.records.PatientRecords.Consult;

/**
 * The patient's record as the browser app reads it (the FHIR server behind {@link PatientRecords}): a
 * patient's page, the last consult of each patient in a list, and a clinician's recent consults. Who may
 * read whose record is {@link Access#mayReadRecord}; a record that cannot be read is a 503 with a code.
 */
final class PatientRecordRoutes {
    /** How many consults "my recent consults" lists. */
    static final int RECENT_CONSULTS = 20;

    private final Vertx vertx;
    private final Access access;
    private final CallEngine engine;
    private final PatientRecords records;
    private final Function<RoutingContext, Future<Party>> authenticated;
    private final BiConsumer<RoutingContext, Throwable> fail;

    PatientRecordRoutes(
            Vertx vertx,
            Access access,
            CallEngine engine,
            PatientRecords records,
            Function<RoutingContext, Future<Party>> authenticated,
            BiConsumer<RoutingContext, Throwable> fail) {
        this.vertx = vertx;
        this.access = access;
        this.engine = engine;
        this.records = records;
        this.authenticated = authenticated;
        this.fail = fail;
    }

    void mount(Router router) {
        router.get("/api/patients/last-consults").handler(this::lastConsults);
        router.get("/api/patients/:patientId/record").handler(this::record);
        router.get("/api/me/consults").handler(this::myConsults);
    }

    private void record(RoutingContext ctx) {
        String patientId = ctx.pathParam("patientId");
        authenticated.apply(ctx).onSuccess(party -> {
            Patient patient = access.directory().patient(patientId).orElse(null);
            if (patient == null) {
                // only an admin, who may read every record, learns that an id is no patient
                fail.accept(
                        ctx,
                        party.role() == Role.ADMIN
                                ? RestError.notFound("no patient " + patientId)
                                : RestError.forbidden("you may not read the record of patient " + patientId));
                return;
            }
            if (!access.mayReadRecord(party, patientId, false) && party.role() != Role.COUNTY_EXPERT) {
                fail.accept(ctx, RestError.forbidden("you may not read the record of patient " + patientId));
                return;
            }
            vertx.executeBlocking(() -> read(party, patientId), false)
                    .onSuccess(read -> HttpApiVerticle.json(ctx, 200, recordJson(patient, read)))
                    .onFailure(e -> fail.accept(ctx, unavailable(e)));
        });
    }

    /** The record, the TV's presence and pairing (both may ask Redis: called on a worker). */
    private Read read(Party party, String patientId) {
        PatientRecords.History history = records.history(patientId);
        if (party.role() == Role.COUNTY_EXPERT
                && !access.mayReadRecord(party, patientId, tookPart(party, patientId, history))) {
            throw RestError.forbidden("you were not in a consult of patient " + patientId);
        }
        TvDevice tv = access.directory().deviceOfPatient(patientId).orElse(null);
        if (tv == null) return new Read(history, null, null, false);
        return new Read(
                history,
                engine.presence().of(tv.id()),
                tv,
                engine.pairing().revokedAt(tv.id()).isPresent());
    }

    /** An expert is or was in a call with the patient: a live one (ringing too), or a recorded consult. */
    private boolean tookPart(Party expert, String patientId, PatientRecords.History history) {
        boolean inLiveCall =
                engine.activeCalls().stream().anyMatch(c -> patientId.equals(c.patientId()) && c.isMember(expert.id()));
        return inLiveCall
                || history.consults().stream().anyMatch(c -> c.participants().stream()
                        .anyMatch(p -> p.practitionerId().equals(expert.id())));
    }

    private record Read(PatientRecords.History history, Presence.Entry presence, TvDevice tv, boolean revoked) {}

    private void lastConsults(RoutingContext ctx) {
        authenticated.apply(ctx).onSuccess(party -> {
            List<String> patients = access.visiblePatients(party).stream()
                    .map(Patient::id)
                    .filter(id -> access.mayReadRecord(party, id, false))
                    .toList();
            vertx.executeBlocking(() -> records.latestConsults(patients), false)
                    .onSuccess(latest -> {
                        JsonArray list = new JsonArray();
                        for (String id : patients) {
                            Consult c = latest.get(id);
                            list.add(new JsonObject()
                                    .put("patientId", id)
                                    .put("callId", c == null ? null : c.callId())
                                    .put("start", c == null ? null : time(c.start()))
                                    .put("end", c == null ? null : time(c.end())));
                        }
                        HttpApiVerticle.json(ctx, 200, new JsonObject().put("lastConsults", list));
                    })
                    .onFailure(e -> fail.accept(ctx, unavailable(e)));
        });
    }

    private void myConsults(RoutingContext ctx) {
        authenticated.apply(ctx).onSuccess(party -> {
            if (!party.role().isClinician()) {
                fail.accept(ctx, RestError.forbidden("only doctors and experts take part in consults"));
                return;
            }
            vertx.executeBlocking(() -> records.consultsOf(party.id(), RECENT_CONSULTS), false)
                    .onSuccess(consults -> {
                        JsonArray list = new JsonArray();
                        consults.forEach(c -> list.add(consultJson(c)
                                .put("patientId", c.patientId())
                                .put(
                                        "patientName",
                                        c.patientId() == null
                                                ? null
                                                : access.directory()
                                                        .patient(c.patientId())
                                                        .map(Patient::name)
                                                        .orElse(null))));
                        HttpApiVerticle.json(ctx, 200, new JsonObject().put("consults", list));
                    })
                    .onFailure(e -> fail.accept(ctx, unavailable(e)));
        });
    }

    private JsonObject recordJson(Patient patient, Read read) {
        JsonArray consults = new JsonArray();
        read.history().consults().forEach(c -> consults.add(consultJson(c)));
        JsonArray vitals = new JsonArray();
        read.history()
                .vitals()
                .forEach(v -> vitals.add(new JsonObject()
                        .put("callId", v.callId())
                        .put("at", time(v.at()))
                        .put("kind", v.kind())
                        .put("value", v.value())
                        .put("unit", v.unit())));
        JsonObject tv =
                new JsonObject().put("paired", false).put("deviceId", null).put("status", "NO_TV");
        if (read.tv() != null) {
            tv.put("paired", !read.revoked())
                    .put("deviceId", read.tv().id())
                    .put(
                            "status",
                            read.presence() == null
                                    ? "OFFLINE"
                                    : read.presence().state().name());
        }
        return new JsonObject()
                .put(
                        "patient",
                        new JsonObject()
                                .put("patientId", patient.id())
                                .put("name", patient.name())
                                .put("birthDate", patient.birthDate())
                                .put("gender", patient.gender()))
                .put("tv", tv)
                .put("consults", consults)
                .put("vitals", vitals);
    }

    private JsonObject consultJson(Consult c) {
        JsonArray participants = new JsonArray();
        c.participants()
                .forEach(p -> participants.add(new JsonObject()
                        .put("id", p.practitionerId())
                        .put("name", access.nameOf(p.practitionerId()))
                        .put("part", p.part())));
        return new JsonObject()
                .put("callId", c.callId())
                .put("start", time(c.start()))
                .put("end", time(c.end()))
                .put("status", c.status())
                .put("participants", participants)
                .put("reasons", new JsonArray(c.reasons()))
                .put("note", c.note());
    }

    /** The record's own refusal as a 503 with its code; access and other errors as they are. */
    private static Throwable unavailable(Throwable e) {
        if (e instanceof PatientRecords.Unavailable u) return new RestError(503, u.code(), u.getMessage());
        return e;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
