package org.ruralconsult.signaling.consult;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.calls.CallException;
import org.ruralconsult.calls.MemberState;
import org.ruralconsult.signaling.ws.Connection;
import org.ruralconsult.signaling.ws.Connections;
import org.ruralconsult.signaling.ws.WebSocketGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a connection's arrival and loss mean: an authenticated connection makes its party online; when
 * a party's last connection drops, every call they are joined in gets {@code connectionLost} and its
 * grace period starts (they resume by reconnecting and sending call.rejoin). A connection that signs in
 * is sent a call.update for each active call its party is a member of.
 */
public final class ConnectionLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);
    private final Vertx vertx;
    private final CallEngine engine;
    private final Connections connections;
    private final CallView view;

    public ConnectionLifecycle(Vertx vertx, CallEngine engine, Connections connections, CallView view) {
        this.vertx = vertx;
        this.engine = engine;
        this.connections = connections;
        this.view = view;
    }

    public void register(WebSocketGateway gateway) {
        gateway.onAuthenticated(this::connected).onClosed(this::closed);
    }

    private void connected(Connection connection) {
        connection.online(vertx.executeBlocking(
                        () -> {
                            engine.presence().connect(connection.party().id(), connection.id());
                            // a party that comes back learns its live and ringing calls at once (to rejoin)
                            for (var call : engine.callsOf(connection.party().id())) {
                                connection.send(new JsonObject()
                                        .put("type", "call.update")
                                        .put("call", view.toJson(call)));
                            }
                            return null;
                        },
                        false)
                .onFailure(e -> LOG.warn(
                        "presence connect failed for {}", connection.party().id(), e)));
    }

    private void closed(Connection connection) {
        if (connection.party() == null) return;
        var party = connection.party();
        // after the connect of this connection, so a quick close can never leave it counted online
        connection.online().eventually(() -> vertx.executeBlocking(
                        () -> {
                            engine.presence().disconnect(party.id(), connection.id());
                            if (connections.isConnectedHere(party.id())
                                    || engine.presence().isOnline(party.id())) {
                                return null;
                            }
                            for (var call : engine.callsOf(party.id())) {
                                boolean joined = call.member(party.id())
                                        .map(m -> m.state() == MemberState.JOINED)
                                        .orElse(false);
                                if (!joined) continue;
                                try {
                                    engine.connectionLost(call.id(), party);
                                } catch (CallException e) {
                                    LOG.debug("connectionLost on {} skipped: {}", call.id(), e.getMessage());
                                }
                            }
                            return null;
                        },
                        false)
                .onFailure(e -> LOG.warn("disconnect handling failed for {}", party.id(), e)));
    }
}
