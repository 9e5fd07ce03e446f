package org.ruralconsult.signaling.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.ruralconsult.calls.Call;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.calls.CallMember;
import org.ruralconsult.calls.CallState;
import org.ruralconsult.calls.MemberState;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.ws.Connection;
import org.ruralconsult.signaling.ws.Connections;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.ruralconsult.signaling.ws.WebSocketGateway;

/**
 * media.publish, media.receive, media.subscribe and media.ice_restart: only a member who is JOINED in an ACTIVE call
 * may exchange SDP for it; then the {@link MediaRelay} decides. The relay's subscribe offers are pushed
 * as {@code media.offer {callId, sdp}}; a publish is answered {@code media.answer {callId, sdp}}.
 */
public final class MediaMessages {
    private final Vertx vertx;
    private final CallEngine engine;
    private final MediaRelay relay;

    public MediaMessages(Vertx vertx, CallEngine engine, MediaRelay relay, Connections connections) {
        this.vertx = vertx;
        this.engine = engine;
        this.relay = relay;
        relay.subscribeOffers((callId, participantId, sdp) -> connections.sendTo(
                participantId,
                new JsonObject()
                        .put("type", "media.offer")
                        .put("callId", callId)
                        .put("sdp", sdp)));
    }

    public void register(WebSocketGateway gateway) {
        gateway.handle(
                        "media.publish",
                        (c, m) -> inCall(c, m, party -> relay.publish(m.getString("callId"), party, m.getString("sdp"))
                                .map(answer -> new JsonObject()
                                        .put("type", "media.answer")
                                        .put("callId", m.getString("callId"))
                                        .put("sdp", answer))))
                .handle(
                        "media.receive",
                        (c, m) -> inCall(c, m, party -> relay.receive(m.getString("callId"), party)
                                .map(v -> new JsonObject())))
                .handle(
                        "media.subscribe",
                        (c, m) -> inCall(
                                c, m, party -> relay.subscribeAnswer(m.getString("callId"), party, m.getString("sdp"))
                                        .map(v -> new JsonObject())))
                .handle(
                        "media.ice_restart",
                        (c, m) ->
                                inCall(c, m, party -> relay.iceRestart(m.getString("callId"), party, m.getString("pc"))
                                        .map(v -> new JsonObject())));
    }

    /** Tells the relay about members who are gone and calls that ended (every node sees every update). */
    public void callChanged(Call call) {
        if (call.state() == CallState.ENDED) {
            relay.callEnded(call.id());
            return;
        }
        for (CallMember member : call.members()) {
            if (member.state() == MemberState.LEFT || member.state() == MemberState.DECLINED) {
                relay.participantGone(call.id(), member.id());
            }
        }
    }

    private Future<JsonObject> inCall(
            Connection connection, JsonObject message, Function<Party, Future<JsonObject>> action) {
        String callId = message.getString("callId");
        Party party = connection.party();
        return vertx.executeBlocking(() -> engine.call(callId), false).compose(found -> {
            Call call = found.orElse(null);
            if (call == null) return Future.failedFuture(new ProtocolError("not_found", "no call " + callId));
            boolean joined = call.member(party.id())
                    .map(m -> m.state() == MemberState.JOINED)
                    .orElse(false);
            if (!joined) {
                return Future.failedFuture(new ProtocolError("forbidden", "you are not in call " + callId));
            }
            if (call.state() != CallState.ACTIVE) {
                return Future.failedFuture(new ProtocolError("illegal_state", "call " + callId + " is not live"));
            }
            return action.apply(party);
        });
    }
}
