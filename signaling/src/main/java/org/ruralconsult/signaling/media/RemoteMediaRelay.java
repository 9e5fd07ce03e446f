package org.ruralconsult.signaling.media;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ruralconsult.calls.BusMessage;
import org.ruralconsult.calls.ClusterBus;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.SignalingMetrics;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media relay of another node, reached over the cluster bus: a request names its owner node and an
 * id, the owner answers with the same id. The bus has no delivery receipts, so a dead owner shows only
 * as silence; after the timeout the member is told {@code media_unavailable} instead of being left
 * JOINED with no media, and the failure is counted and logged.
 */
final class RemoteMediaRelay {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteMediaRelay.class);
    static final String REQUEST = "media.request";
    static final String REPLY = "media.reply";

    private static final class Pending {
        final Promise<JsonObject> promise = Promise.promise();
        volatile long timer = -1;
    }

    private final Vertx vertx;
    private final Context context;
    private final ClusterBus bus;
    private final String self;
    private final SignalingMetrics metrics;
    private final Duration timeout;
    private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    RemoteMediaRelay(
            Vertx vertx, Context context, ClusterBus bus, String self, SignalingMetrics metrics, Duration timeout) {
        this.vertx = vertx;
        this.context = context;
        this.bus = bus;
        this.self = self;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    /**
     * Asks the owner node to run {@code op} (publish, subscribe, ice_restart) for the participant; the
     * reply's {@code value} on success, its error code and message as a {@link ProtocolError} otherwise.
     */
    Future<JsonObject> request(String owner, String op, String callId, Party participant, JsonObject args) {
        String id = idPrefix + ids.incrementAndGet();
        Pending waiting = new Pending();
        pending.put(id, waiting);
        waiting.timer = vertx.setTimer(timeout.toMillis(), t -> timedOut(id, owner, op, callId, participant));
        JsonObject request = new JsonObject()
                .put("id", id)
                .put("from", self)
                .put("to", owner)
                .put("op", op)
                .put("callId", callId)
                .put("participant", toJson(participant))
                .put("args", args);
        metrics.mediaForwarded(op);
        vertx.executeBlocking(
                        () -> {
                            bus.publish(new BusMessage.Custom(REQUEST, request.encode()));
                            return null;
                        },
                        false)
                .onFailure(e -> settle(id, Future.failedFuture(e)));
        return waiting.promise.future();
    }

    /** A reply on the bus for this node (from the store's thread). */
    void onReply(JsonObject reply) {
        String id = reply.getString("id");
        Future<JsonObject> outcome = reply.getBoolean("ok", false)
                ? Future.succeededFuture(reply.getJsonObject("value", new JsonObject()))
                : Future.failedFuture(new ProtocolError(reply.getString("code"), reply.getString("message")));
        settle(id, outcome);
    }

    private void timedOut(String id, String owner, String op, String callId, Party participant) {
        if (!pending.containsKey(id)) return;
        metrics.mediaUnavailable();
        LOG.warn(
                "media of call {} is held by node {}, which did not answer {} for {} from node {} within {} ms;"
                        + " the member gets media_unavailable",
                callId,
                owner,
                op,
                participant.id(),
                self,
                timeout.toMillis());
        settle(
                id,
                Future.failedFuture(new ProtocolError(
                        "media_unavailable",
                        "The server that carries this consult's audio and video is not answering. End the consult"
                                + " and call again; the new call will use a server that is up.")));
    }

    private void settle(String id, Future<JsonObject> outcome) {
        Pending p = pending.remove(id);
        if (p == null) return; // answered already, or timed out
        vertx.cancelTimer(p.timer);
        context.runOnContext(v -> p.promise.handle(outcome));
    }

    static JsonObject toJson(Party party) {
        return new JsonObject()
                .put("id", party.id())
                .put("role", party.role().name())
                .put("organizationId", party.organizationId())
                .put("patientId", party.patientId());
    }

    static Party party(JsonObject json) {
        return new Party(
                json.getString("id"),
                org.ruralconsult.domain.directory.Role.valueOf(json.getString("role")),
                json.getString("organizationId"),
                json.getString("patientId"));
    }
}
