package org.ruralconsult.signaling.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.calls.CallTarget;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.Access;
import org.ruralconsult.signaling.SignalingMetrics;
import org.ruralconsult.signaling.auth.PasswordKdf;
import org.ruralconsult.signaling.auth.Tokens;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.consult.CallMessages;
import org.ruralconsult.signaling.consult.CallView;
import org.ruralconsult.signaling.pairing.TvPairing;
import org.ruralconsult.signaling.records.ClinicalRecords;
import org.ruralconsult.signaling.records.PatientRecords;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.ruralconsult.signaling.ws.TokenBucket;
import org.ruralconsult.signaling.ws.WebSocketGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: REST API, health, metrics, OpenAPI document, and the WebSocket upgrade at /ws handed
 * to the {@link WebSocketGateway}. REST errors are {@code {"code":...,"message":...}} with an HTTP status.
 */
public final class HttpApiVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final int PASSWORD_WORKERS = 2;
    /** The browser console (classpath resources under webroot/), served at /. */
    private static final String WEBROOT = "webroot";
    /** Readiness fails when the state store does not answer within this time. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    /** Idle login buckets are forgotten (a full bucket is the same as none). */
    private static final Duration LOGIN_BUCKET_SWEEP = Duration.ofMinutes(10);
    /** Checked for unknown logins too, so a wrong login costs as much time as a wrong password. */
    private static final String DUMMY_HASH = PasswordKdf.hash("no such user");
    /**
     * The county's day for the record check ("every consult of yesterday"): its clinics keep China
     * Standard Time all year, whatever zone the server runs in.
     */
    static final ZoneId RECORDS_DAY_ZONE = ZoneId.of("Asia/Shanghai");

    private final SignalingOptions options;
    private final Access access;
    private final Tokens tokens;
    private final CallEngine engine;
    private final CallMessages calls;
    private final CallView view;
    private final TvPairing pairing;
    private final WebSocketGateway gateway;
    private final SignalingMetrics metrics;
    private final String openApi;
    private final OriginPolicy origins;
    private HttpServer server;
    private WorkerExecutor passwordWorkers;
    private final Map<String, TokenBucket> loginBuckets = new ConcurrentHashMap<>();

    private final ClinicalRecords records;
    private final PatientRecords patientRecords;
    private final Clock clock;

    public HttpApiVerticle(
            SignalingOptions options,
            Access access,
            Tokens tokens,
            CallEngine engine,
            CallMessages calls,
            CallView view,
            TvPairing pairing,
            WebSocketGateway gateway,
            SignalingMetrics metrics,
            ClinicalRecords records,
            PatientRecords patientRecords,
            Clock clock) {
        this.records = records;
        this.patientRecords = patientRecords;
        this.clock = clock;
        this.options = options;
        this.access = access;
        this.tokens = tokens;
        this.engine = engine;
        this.calls = calls;
        this.view = view;
        this.pairing = pairing;
        this.gateway = gateway;
        this.metrics = metrics;
        this.openApi = resource("openapi.yaml");
        this.origins = new OriginPolicy(options.allowedOrigins());
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route("/api/*").handler(origins::cors);
        router.post("/api/login").handler(this::throttleLogin);
        router.get("/health").handler(this::health);
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        router.get("/api/openapi.yaml").handler(this::openApi);
        router.get("/ws").handler(this::webSocket);
        new AdminRoutes(vertx, access, engine, gateway.connections(), this::authenticated, this::fail).mount(router);
        // JSON only: no file uploads (Vert.x would write a multipart body to ./file-uploads and keep it)
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/login").handler(this::login);
        router.post("/api/refresh").handler(this::refresh);
        router.get("/api/patients").handler(this::patients);
        router.get("/api/residents").handler(this::residents);
        router.post("/api/residents/:patientId/calls").handler(this::callResident);
        router.get("/api/calls").handler(this::activeCalls);
        router.post("/api/pairings").handler(this::bindPairingCode);
        router.post("/api/devices/:deviceId/revoke").handler(this::revokeDevice);
        router.get("/api/admin/records").handler(this::clinicalRecords);
        router.get("/api/admin/records/check").handler(this::checkClinicalRecords);
        router.post("/api/admin/records/:callId/retry").handler(this::retryClinicalRecords);
        new PatientRecordRoutes(vertx, access, engine, patientRecords, this::authenticated, this::fail).mount(router);
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        new ExpertRoutes(vertx, access, engine.presence(), this::authenticated, this::fail).mount(router);
        router.get("/*").handler(StaticHandler.create(WEBROOT));
        router.route().last().handler(ctx -> fail(ctx, new RestError(404, "not_found", "no such route")));
        router.route().failureHandler(this::failure);

        // the slow KDF gets its own small pool, so a login flood cannot starve the call engine's workers
        passwordWorkers = vertx.createSharedWorkerExecutor("signaling-password-kdf", PASSWORD_WORKERS);
        vertx.setPeriodic(LOGIN_BUCKET_SWEEP.toMillis(), id -> loginBuckets.clear());
        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setMaxWebSocketFrameSize(options.maxFrameBytes())
                .setMaxWebSocketMessageSize(options.maxFrameBytes())
                .setReadIdleTimeout((int) options.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        if (options.tls()) {
            serverOptions
                    .setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(options.tlsCertPath().toString())
                            .setKeyPath(options.tlsKeyPath().toString()));
        }
        return vertx.createHttpServer(serverOptions)
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info(
                            "signaling listening on {}://{}:{}",
                            options.tls() ? "https" : "http",
                            options.host(),
                            s.actualPort());
                });
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    private void health(RoutingContext ctx) {
        vertx.executeBlocking(() -> engine.presence().isOnline("health-probe"), false)
                .timeout(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(v -> json(
                        ctx,
                        200,
                        new JsonObject().put("status", "UP").put("live", true).put("ready", true)))
                .onFailure(e -> json(
                        ctx,
                        503,
                        new JsonObject()
                                .put("status", "DOWN")
                                .put("live", true)
                                .put("ready", false)
                                .put("reason", "state store unreachable")));
    }

    private void live(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("status", "UP").put("live", true));
    }

    private void metrics(RoutingContext ctx) {
        if (!(metrics.registry() instanceof PrometheusMeterRegistry prometheus)) {
            fail(ctx, new RestError(501, "not_implemented", "metrics registry is not Prometheus"));
            return;
        }
        vertx.executeBlocking(prometheus::scrape, false).onSuccess(text -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(text));
    }

    private void openApi(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .end(openApi);
    }

    private void webSocket(RoutingContext ctx) {
        if (!origins.admits(ctx.request())) {
            fail(ctx, new RestError(403, "forbidden_origin", "pages from this origin may not open a consult socket"));
            return;
        }
        String v = ctx.request().getParam("v");
        if (v != null && !v.equals("1")) {
            fail(
                    ctx,
                    new RestError(400, "unsupported_version", "protocol version " + v + " is not supported; use v=1"));
            return;
        }
        ctx.request()
                .toWebSocket()
                .onSuccess(gateway::accept)
                .onFailure(e -> LOG.debug("upgrade failed: {}", e.toString()));
    }

    private void login(RoutingContext ctx) {
        JsonObject body = body(ctx);
        String login = body.getString("login");
        String password = body.getString("password");
        if (login == null || password == null) {
            fail(ctx, RestError.badRequest("login and password are required"));
            return;
        }
        Practitioner practitioner =
                access.directory().practitionerByLogin(login).orElse(null);
        String stored = practitioner == null ? DUMMY_HASH : practitioner.passwordHash();
        passwordWorkers
                .executeBlocking(() -> PasswordKdf.verify(password, stored), false)
                .onSuccess(ok -> {
                    if (!ok || practitioner == null) {
                        metrics.authFailure("http", "bad_password");
                        fail(ctx, RestError.unauthorized("wrong login or password"));
                        return;
                    }
                    json(ctx, 200, tokenReply(tokens.issue(practitioner), partyOf(practitioner), practitioner.name()));
                })
                .onFailure(ctx::fail);
    }

    private void throttleLogin(RoutingContext ctx) {
        String client = ctx.request().remoteAddress() == null
                ? "?"
                : ctx.request().remoteAddress().hostAddress();
        TokenBucket bucket = loginBuckets.computeIfAbsent(
                client, k -> new TokenBucket(options.loginRatePerSecond(), options.loginBurst(), System.nanoTime()));
        boolean admitted;
        synchronized (bucket) {
            admitted = bucket.tryTake(System.nanoTime());
        }
        if (admitted) {
            ctx.next();
        } else {
            metrics.authFailure("http", "rate_limited");
            fail(ctx, new RestError(429, "rate_limited", "too many login attempts; wait a moment"));
        }
    }

    private void refresh(RoutingContext ctx) {
        String token = bearerToken(ctx);
        authenticated(ctx).onSuccess(party -> {
            if (party.role() == Role.PATIENT_DEVICE) {
                fail(ctx, new RestError(400, "bad_request", "device tokens are long-lived; pair again instead"));
                return;
            }
            tokens.nameOf(token)
                    .onSuccess(name -> json(ctx, 200, tokenReply(tokens.reissue(party, name), party, name)));
        });
    }

    private void patients(RoutingContext ctx) {
        authenticated(ctx).onSuccess(party -> patientList(ctx, "patients", access.visiblePatients(party)));
    }

    private void residents(RoutingContext ctx) {
        authenticated(ctx).onSuccess(party -> {
            if (party.role() != Role.CARE_HOME_STAFF) {
                fail(ctx, RestError.forbidden("only care-home staff list residents"));
                return;
            }
            patientList(ctx, "residents", access.directory().residentsOf(party.organizationId()));
        });
    }

    /** Patients with the presence of their TV. */
    private void patientList(RoutingContext ctx, String key, List<Patient> patients) {
        List<String> tvs = patients.stream()
                .map(p -> access.directory()
                        .deviceOfPatient(p.id())
                        .map(d -> d.id())
                        .orElse(""))
                .toList();
        vertx.executeBlocking(() -> engine.presence().of(tvs), false)
                .onSuccess(presence -> {
                    JsonArray list = new JsonArray();
                    for (int i = 0; i < patients.size(); i++) {
                        Patient p = patients.get(i);
                        String tv = tvs.get(i);
                        list.add(new JsonObject()
                                .put("patientId", p.id())
                                .put("name", p.name())
                                .put("birthDate", p.birthDate())
                                .put("gender", p.gender())
                                .put("deviceId", tv.isEmpty() ? null : tv)
                                .put(
                                        "tvStatus",
                                        tv.isEmpty()
                                                ? "NO_TV"
                                                : presence.get(tv).state().name()));
                    }
                    json(ctx, 200, new JsonObject().put(key, list));
                })
                .onFailure(ctx::fail);
    }

    private void callResident(RoutingContext ctx) {
        String patientId = ctx.pathParam("patientId");
        authenticated(ctx).onSuccess(party -> {
            if (!access.isResident(party, patientId)) {
                fail(ctx, RestError.forbidden("patient " + patientId + " is not one of your residents"));
                return;
            }
            calls.place(party, new CallTarget.Resident(patientId))
                    .onSuccess(call -> json(ctx, 201, new JsonObject().put("call", call)))
                    .onFailure(e -> fail(ctx, e));
        });
    }

    private void activeCalls(RoutingContext ctx) {
        authenticated(ctx).onSuccess(party -> vertx.executeBlocking(engine::activeCalls, false)
                .onSuccess(all -> {
                    JsonArray list = new JsonArray();
                    access.visibleCalls(party, all).forEach(c -> list.add(view.toJson(c)));
                    json(ctx, 200, new JsonObject().put("calls", list));
                })
                .onFailure(ctx::fail));
    }

    private void bindPairingCode(RoutingContext ctx) {
        JsonObject body = body(ctx);
        authenticated(ctx).onSuccess(party -> {
            String code = body.getString("code");
            String patientId = body.getString("patientId");
            if (code == null || !code.matches("\\d{6}") || patientId == null) {
                fail(ctx, RestError.badRequest("a 6-digit code and a patientId are required"));
                return;
            }
            pairing.bind(party, code, patientId)
                    .onSuccess(r -> json(ctx, 200, r))
                    .onFailure(e -> fail(ctx, e));
        });
    }

    private void revokeDevice(RoutingContext ctx) {
        authenticated(ctx).onSuccess(party -> pairing.revoke(party, ctx.pathParam("deviceId"))
                .onSuccess(v -> json(
                        ctx,
                        200,
                        new JsonObject()
                                .put("deviceId", ctx.pathParam("deviceId"))
                                .put("revoked", true)))
                .onFailure(e -> fail(ctx, e)));
    }

    /**
     * Admins: record delivery as this node sees it - the backlog, what is in flight, which node delivers
     * and when each last delivered, and the calls whose records the FHIR server refused for good.
     */
    private void clinicalRecords(RoutingContext ctx) {
        admin(ctx).onSuccess(party -> vertx.executeBlocking(() -> {
                    ClinicalRecords.Status status = records.status();
                    JsonArray parked = new JsonArray();
                    for (ClinicalRecords.Parked p : records.parked()) {
                        parked.add(new JsonObject()
                                .put("callId", p.callId())
                                .put("parkedAt", p.parkedAt().toString())
                                .put("httpStatus", p.httpStatus())
                                .put("reason", p.reason())
                                .put("operationOutcome", p.operationOutcome()));
                    }
                    JsonObject lastDelivered = new JsonObject();
                    status.lastDeliveredByNode().forEach((node, at) -> lastDelivered.put(node, at.toString()));
                    return new JsonObject()
                            .put("node", status.node())
                            .put("deliveringNode", status.deliveringNode())
                            .put("backlog", status.backlog())
                            .put("inFlight", status.inFlight())
                            .put("parkedCalls", status.parkedCalls())
                            .put("lastDeliveredByNode", lastDelivered)
                            .put("parked", parked);
                })
                .onSuccess(body -> json(ctx, 200, body))
                .onFailure(e -> fail(ctx, e)));
    }

    /**
     * Admins: "is every consult of the period in the record?" for the calls that ended in [from, to);
     * without from and to, yesterday in the county's day.
     */
    private void checkClinicalRecords(RoutingContext ctx) {
        admin(ctx).onSuccess(party -> {
            Instant[] period;
            try {
                period = checkPeriod(
                        ctx.queryParams().get("from"), ctx.queryParams().get("to"));
            } catch (RestError e) {
                fail(ctx, e);
                return;
            }
            // unordered: a long check must not hold up this verticle's other blocking work
            vertx.executeBlocking(() -> records.check(period[0], period[1]), false)
                    .onSuccess(report -> {
                        JsonArray findings = new JsonArray();
                        for (ClinicalRecords.Finding f : report.findings()) {
                            findings.add(new JsonObject()
                                    .put("callId", f.callId())
                                    .put("problem", f.problem())
                                    .put("resources", new JsonArray(List.copyOf(f.resources()))));
                        }
                        json(
                                ctx,
                                200,
                                new JsonObject()
                                        .put("from", report.from().toString())
                                        .put("to", report.to().toString())
                                        .put("checked", report.checked())
                                        .put("complete", report.complete())
                                        .put("pending", report.pending())
                                        .put("findings", findings));
                    })
                    .onFailure(e -> fail(ctx, e));
        });
    }

    /**
     * [from, to) from the query, each an instant with its offset or a date (that day's start in the county);
     * neither: yesterday.
     */
    private Instant[] checkPeriod(String from, String to) {
        if (from == null && to == null) {
            LocalDate today = LocalDate.now(clock.withZone(RECORDS_DAY_ZONE));
            return new Instant[] {
                today.minusDays(1).atStartOfDay(RECORDS_DAY_ZONE).toInstant(),
                today.atStartOfDay(RECORDS_DAY_ZONE).toInstant()
            };
        }
        if (from == null || to == null) {
            throw new RestError(400, "invalid_period", "give both from and to, or neither (yesterday)");
        }
        Instant start = instantOf("from", from);
        Instant end = instantOf("to", to);
        if (!start.isBefore(end)) {
            throw new RestError(400, "invalid_period", "from " + from + " is not before to " + to);
        }
        return new Instant[] {start, end};
    }

    private static Instant instantOf(String name, String value) {
        try {
            // an unencoded "+08:00" arrives as " 08:00" (form decoding); nothing else here has a space
            value = value.replace(' ', '+');
            if (value.length() == 10)
                return LocalDate.parse(value).atStartOfDay(RECORDS_DAY_ZONE).toInstant();
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new RestError(
                    400,
                    "invalid_period",
                    name + " is not an ISO-8601 instant (2026-11-26T00:00:00+08:00) or date (2026-11-26): " + value);
        }
    }

    private void retryClinicalRecords(RoutingContext ctx) {
        String callId = ctx.pathParam("callId");
        admin(ctx).onSuccess(party -> vertx.executeBlocking(() -> records.retry(callId))
                .onSuccess(retried -> {
                    if (retried) {
                        json(ctx, 202, new JsonObject().put("callId", callId).put("retrying", true));
                    } else {
                        fail(ctx, new RestError(404, "not_found", "call " + callId + " has no parked records"));
                    }
                })
                .onFailure(e -> fail(ctx, e)));
    }

    /** The party of an admin's bearer token; anyone else gets 403 (the response is then already sent). */
    private Future<Party> admin(RoutingContext ctx) {
        return authenticated(ctx).compose(party -> {
            if (party.role() != Role.ADMIN) {
                fail(ctx, new RestError(403, "forbidden", "admins only"));
                return Future.failedFuture("not an admin");
            }
            return Future.succeededFuture(party);
        });
    }

    /** The party of the bearer token; on failure the response is already sent (401). */
    private Future<Party> authenticated(RoutingContext ctx) {
        if (ctx.response().ended()) return Future.failedFuture("already answered");
        return tokens.verify(vertx, bearerToken(ctx)).recover(e -> {
            String reason = e instanceof Tokens.TokenRejected r ? r.reason() : "invalid";
            metrics.authFailure("http", reason);
            fail(ctx, RestError.unauthorized(e.getMessage()));
            return Future.failedFuture(e);
        });
    }

    private static String bearerToken(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return header.substring(7).trim();
    }

    private JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (DecodeException | ClassCastException e) {
            fail(ctx, RestError.badRequest("body is not a JSON object"));
            return new JsonObject();
        }
    }

    private JsonObject tokenReply(String token, Party party, String name) {
        return new JsonObject()
                .put("token", token)
                .put("expiresIn", tokens.accessTtl().toSeconds())
                .put("party", CallView.party(party))
                .put("name", name);
    }

    private static Party partyOf(Practitioner p) {
        return new Party(p.id(), p.role(), p.organizationId(), null);
    }

    private void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            fail(ctx, new RestError(413, "too_large", "request body larger than " + MAX_BODY_BYTES + " bytes"));
        } else if (ctx.failure() != null) {
            fail(ctx, ctx.failure());
        } else {
            fail(ctx, new RestError(ctx.statusCode(), "http_" + ctx.statusCode(), "request failed"));
        }
    }

    private void fail(RoutingContext ctx, Throwable e) {
        RestError error;
        if (e instanceof RestError r) {
            error = r;
        } else if (e instanceof ProtocolError p) {
            error = new RestError(statusOf(p.code()), p.code(), p.getMessage());
        } else {
            LOG.error(
                    "request {} {} failed",
                    ctx.request().method(),
                    ctx.request().path(),
                    e);
            error = new RestError(500, "internal_error", "the server could not process the request");
        }
        if (ctx.response().ended()) return;
        metrics.httpError(error.code());
        json(ctx, error.status(), new JsonObject().put("code", error.code()).put("message", error.getMessage()));
    }

    private static int statusOf(String code) {
        return switch (code) {
            case "forbidden" -> 403;
            case "not_found" -> 404;
            case "unauthorized" -> 401;
            case "invalid", "invalid_message" -> 400;
            default -> 409;
        };
    }

    /** Answers with a JSON body (nothing when the request was answered already); the route classes use it too. */
    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) return;
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    private static String resource(String name) {
        try (InputStream in = HttpApiVerticle.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
