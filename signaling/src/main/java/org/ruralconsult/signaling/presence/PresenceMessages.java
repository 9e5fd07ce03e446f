package org.ruralconsult.signaling.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.ruralconsult.calls.BusMessage;
import org.ruralconsult.calls.Presence;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.signaling.Access;
import org.ruralconsult.signaling.ws.Connection;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.ruralconsult.signaling.ws.WebSocketGateway;

/**
 * presence.subscribe and presence.set_on_duty, and the presence.update pushed to subscribers who may see
 * the party ({@link Access#visiblePresence}).
 */
public final class PresenceMessages {
    private final Vertx vertx;
    private final Presence presence;
    private final Access access;

    public PresenceMessages(Vertx vertx, Presence presence, Access access) {
        this.vertx = vertx;
        this.presence = presence;
        this.access = access;
    }

    public void register(WebSocketGateway gateway) {
        gateway.handle("presence.subscribe", this::subscribe).handle("presence.set_on_duty", this::setOnDuty);
    }

    private Future<JsonObject> subscribe(Connection connection, JsonObject message) {
        var ids = access.visiblePresence(connection.party());
        return vertx.executeBlocking(() -> presence.of(ids), false).map(entries -> {
            connection.presenceSubscribed(true);
            JsonArray list = new JsonArray();
            for (Map.Entry<String, Presence.Entry> e : entries.entrySet()) {
                list.add(entry(
                        e.getKey(), e.getValue().state().name(), e.getValue().onDuty()));
            }
            return new JsonObject().put("presence", list);
        });
    }

    private Future<JsonObject> setOnDuty(Connection connection, JsonObject message) {
        Role role = connection.party().role();
        if (role != Role.TOWNSHIP_DOCTOR && role != Role.COUNTY_EXPERT) {
            return Future.failedFuture(new ProtocolError("forbidden", "only doctors and experts go on duty"));
        }
        boolean onDuty = message.getBoolean("onDuty");
        return vertx.executeBlocking(
                        () -> {
                            presence.setOnDuty(connection.party().id(), onDuty);
                            return onDuty;
                        },
                        false)
                .map(v -> new JsonObject().put("onDuty", v));
    }

    /** Pushes a bus presence change to the local subscribers allowed to see it. */
    public void push(BusMessage.PresenceUpdate update, Iterable<Connection> connections) {
        JsonObject message =
                entry(update.partyId(), update.state().name(), update.onDuty()).put("type", "presence.update");
        for (Connection c : connections) {
            if (c.presenceSubscribed() && c.party() != null && access.maySeePresence(c.party(), update.partyId())) {
                c.send(message);
            }
        }
    }

    private JsonObject entry(String partyId, String state, boolean onDuty) {
        var device = access.directory().device(partyId);
        return new JsonObject()
                .put("partyId", partyId)
                .put("name", access.nameOf(partyId))
                .put("kind", device.isPresent() ? "tv" : "practitioner")
                .put("patientId", device.map(d -> d.patientId()).orElse(null))
                .put("status", state)
                .put("onDuty", onDuty);
    }
}
