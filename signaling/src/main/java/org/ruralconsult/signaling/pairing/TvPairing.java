package org.ruralconsult.signaling.pairing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ruralconsult.calls.BusMessage;
import org.ruralconsult.calls.PairingCodes;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.Access;
import org.ruralconsult.signaling.auth.Tokens;
import org.ruralconsult.signaling.ws.Connection;
import org.ruralconsult.signaling.ws.Connections;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.ruralconsult.signaling.ws.WebSocketGateway;

/**
 * Pairing a TV once with a code on screen: a TV without a token sends pairing.request and shows the
 * code; a township doctor, care-home staff member or admin binds it to a patient (pairing.bind or POST
 * /api/pairings); the node holding the TV's connection then sends it pairing.complete with a device token.
 * An admin revokes a TV's tokens (POST /api/devices/{id}/revoke); its connections are closed.
 */
public final class TvPairing {
    private static final short REVOKED = 4001;

    private final Vertx vertx;
    private final PairingCodes codes;
    private final Access access;
    private final Tokens tokens;

    public TvPairing(Vertx vertx, PairingCodes codes, Access access, Tokens tokens) {
        this.vertx = vertx;
        this.codes = codes;
        this.access = access;
        this.tokens = tokens;
    }

    public void register(WebSocketGateway gateway) {
        gateway.handle("pairing.request", this::request)
                .handle("pairing.bind", (c, m) -> bind(c.party(), m.getString("code"), m.getString("patientId")));
    }

    private Future<JsonObject> request(Connection connection, JsonObject message) {
        if (connection.authenticated()) {
            return Future.failedFuture(new ProtocolError("illegal_state", "this connection is already signed in"));
        }
        String session = connection.id();
        return vertx.executeBlocking(() -> codes.issue(session), false).map(code -> {
            connection.pairingSession(session);
            return new JsonObject()
                    .put("type", "pairing.code")
                    .put("code", code)
                    .put("expiresInSeconds", PairingCodes.DEFAULT_CODE_TTL.toSeconds());
        });
    }

    /** Binds a code to a patient's TV on behalf of {@code party}; fails with forbidden / not_found. */
    public Future<JsonObject> bind(Party party, String code, String patientId) {
        if (!access.mayPair(party, patientId)) {
            return Future.failedFuture(
                    new ProtocolError("forbidden", "you may not pair a TV for patient " + patientId));
        }
        TvDevice device = access.directory().deviceOfPatient(patientId).orElse(null);
        if (device == null) {
            return Future.failedFuture(
                    new ProtocolError("not_found", "patient " + patientId + " has no TV registered"));
        }
        return vertx.executeBlocking(() -> codes.bind(code, patientId, device.id()), false)
                .compose(session -> session.isPresent()
                        ? Future.succeededFuture(
                                new JsonObject().put("patientId", patientId).put("deviceId", device.id()))
                        : Future.failedFuture(new ProtocolError("not_found", "pairing code unknown, used or expired")));
    }

    public Future<Void> revoke(Party party, String deviceId) {
        if (party.role() != Role.ADMIN) {
            return Future.failedFuture(new ProtocolError("forbidden", "only an admin revokes a TV"));
        }
        if (access.directory().device(deviceId).isEmpty()) {
            return Future.failedFuture(new ProtocolError("not_found", "no TV " + deviceId));
        }
        return vertx.executeBlocking(
                () -> {
                    codes.revoke(deviceId);
                    return null;
                },
                false);
    }

    /** On the node that holds the TV's pairing connection: hand it its device token. */
    public void bound(BusMessage.PairingBound bound, Connections connections) {
        for (Connection c : connections.all()) {
            if (bound.pairingSessionId().equals(c.pairingSession())) {
                TvDevice device = access.directory().device(bound.deviceId()).orElse(null);
                if (device == null) continue;
                var patient = access.directory().patient(device.patientId()).orElseThrow();
                c.pairingSession(null);
                c.send(new JsonObject()
                        .put("type", "pairing.complete")
                        .put("deviceToken", tokens.issueDevice(device, patient))
                        .put("deviceId", device.id())
                        .put("patientId", patient.id()));
            }
        }
    }

    /** Closes this node's connections of a revoked TV. */
    public void revoked(BusMessage.DeviceRevoked revoked, Connections connections) {
        connections.ofParty(revoked.deviceId()).forEach(c -> c.closeWith(REVOKED, "device revoked"));
    }
}
