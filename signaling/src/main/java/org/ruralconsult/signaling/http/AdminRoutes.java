package org.ruralconsult.signaling.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Organization;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.Access;
import org.ruralconsult.signaling.directory.DirectoryFile;
import org.ruralconsult.signaling.ws.Connections;

/**
 * The admin's REST routes: the county's TVs with their patients, pairing and revocation state
 * ({@code GET /api/admin/devices}), and loading a new county file without a restart
 * ({@code POST /api/admin/county}). Refusals go to the router's failure handler as {@link RestError}s.
 */
public final class AdminRoutes {
    /** The close status of a socket whose account a new county file removed (as for a revoked TV). */
    static final short ACCOUNT_GONE = 4001;

    /** A county file is far larger than an API request (16 KiB); a county of a few thousand people fits. */
    static final int MAX_COUNTY_BYTES = 4 * 1024 * 1024;

    private final Vertx vertx;
    private final Connections connections;
    private final Access access;
    private final Function<RoutingContext, Future<Party>> authenticated;
    private final CallEngine engine;
    private final BiConsumer<RoutingContext, Throwable> fail;

    /**
     * @param authenticated the bearer token's party; on failure the 401 is already sent
     * @param fail answers a failure as the API's JSON error
     */
    public AdminRoutes(
            Vertx vertx,
            Access access,
            CallEngine engine,
            Connections connections,
            Function<RoutingContext, Future<Party>> authenticated,
            BiConsumer<RoutingContext, Throwable> fail) {
        this.vertx = vertx;
        this.connections = connections;
        this.access = access;
        this.authenticated = authenticated;
        this.engine = engine;
        this.fail = fail;
    }

    /** Mount before the API's general body handler: the county route has a larger body limit of its own. */
    public void mount(Router router) {
        router.get("/api/admin/devices").handler(this::devices);
        router.post("/api/admin/county")
                // no file uploads: a multipart body would otherwise be written to ./file-uploads before any token check
                .handler(BodyHandler.create(false).setBodyLimit(MAX_COUNTY_BYTES))
                .handler(this::loadCounty)
                .failureHandler(ctx -> {
                    // the API's general failure handler would name its own 16 KiB limit
                    if (ctx.statusCode() == 413) {
                        HttpApiVerticle.json(
                                ctx,
                                413,
                                new JsonObject()
                                        .put("code", "too_large")
                                        .put("message", "county file larger than " + MAX_COUNTY_BYTES + " bytes"));
                    } else {
                        ctx.next();
                    }
                });
    }

    private void devices(RoutingContext ctx) {
        admin(ctx)
                .compose(party -> vertx.executeBlocking(this::deviceList, false))
                .onSuccess(list -> HttpApiVerticle.json(ctx, 200, new JsonObject().put("devices", list)))
                .onFailure(e -> refuse(ctx, e));
    }

    /** Every TV of the county with its patient, presence and pairing state. Blocking (state store). */
    private JsonArray deviceList() {
        Directory directory = access.directory();
        List<TvDevice> devices = directory.devices().stream()
                .sorted(Comparator.comparing(TvDevice::id))
                .toList();
        var presence = engine.presence().of(devices.stream().map(TvDevice::id).toList());
        JsonArray list = new JsonArray();
        for (TvDevice d : devices) {
            Optional<Patient> patient = directory.patient(d.patientId());
            Optional<Instant> pairedAt = engine.pairing().pairedAt(d.id());
            Optional<Instant> revokedAt = engine.pairing().revokedAt(d.id());
            // a pairing after the revocation issued a new token: the TV works again
            boolean revoked = revokedAt.isPresent()
                    && pairedAt.map(p -> !p.isAfter(revokedAt.get())).orElse(true);
            list.add(new JsonObject()
                    .put("deviceId", d.id())
                    .put("model", d.model())
                    .put("patientId", d.patientId())
                    .put("patientName", patient.map(Patient::name).orElse(null))
                    .put(
                            "home",
                            patient.flatMap(p -> directory.organization(p.homeOrganizationId()))
                                    .map(Organization::name)
                                    .orElse(null))
                    .put("tvStatus", presence.get(d.id()).state().name())
                    .put("pairedAt", pairedAt.map(Instant::toString).orElse(null))
                    .put("revokedAt", revokedAt.map(Instant::toString).orElse(null))
                    .put("revoked", revoked));
        }
        return list;
    }

    /**
     * Replaces the county in place (see {@link Directory#replaceWith}). Refused whole when anything in it
     * is wrong, and when it has no admin: loading it would lock every admin out of this page.
     */
    private void loadCounty(RoutingContext ctx) {
        admin(ctx)
                .onSuccess(party -> {
                    String text = ctx.body() == null ? null : ctx.body().asString("UTF-8");
                    if (text == null || text.isBlank()) {
                        ctx.fail(new RestError(400, "invalid_county", "the body must be the county file (JSON)"));
                        return;
                    }
                    Directory loaded;
                    try {
                        loaded = DirectoryFile.parse(text);
                    } catch (IllegalArgumentException e) {
                        ctx.fail(new RestError(400, "invalid_county", e.getMessage()));
                        return;
                    }
                    if (loaded.practitioners().stream().noneMatch(p -> p.role() == Role.ADMIN)) {
                        ctx.fail(new RestError(
                                400,
                                "invalid_county",
                                "the county has no ADMIN practitioner: loading it would lock every admin out"));
                        return;
                    }
                    access.directory().replaceWith(loaded);
                    closeAccountsNoLongerInTheCounty();
                    HttpApiVerticle.json(
                            ctx,
                            200,
                            new JsonObject()
                                    .put("organizations", loaded.organizations().size())
                                    .put("practitioners", loaded.practitioners().size())
                                    .put("patients", loaded.patients().size())
                                    .put("devices", loaded.devices().size()));
                })
                .onFailure(e -> refuse(ctx, e));
    }

    /**
     * Open sockets were signed in against the old county: those whose account the new file removed or moved
     * (another role or organization) are closed now, as a revoked TV's are; reconnecting, their token is
     * refused ({@link Access#knows}). Only this node's sockets: the reload is this node's.
     */
    private void closeAccountsNoLongerInTheCounty() {
        connections.all().stream()
                .filter(c -> c.party() != null && !access.knows(c.party()))
                .forEach(c -> c.closeWith(ACCOUNT_GONE, "account changed by a new county file"));
    }

    /** The admin's party; anyone else fails with 401 or 403. */
    private Future<Party> admin(RoutingContext ctx) {
        return authenticated
                .apply(ctx)
                .compose(party -> access.administers(party)
                        ? Future.succeededFuture(party)
                        : Future.failedFuture(RestError.forbidden("admins only")));
    }

    /** A refusal as the API's JSON error, unless the token check already answered (401). */
    private void refuse(RoutingContext ctx, Throwable e) {
        if (!ctx.response().ended()) fail.accept(ctx, e);
    }
}
