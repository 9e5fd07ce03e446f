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
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.ws.Connection;
import org.ruralconsult.signaling.ws.Connections;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.ruralconsult.signaling.ws.WebSocketGateway;

/**
 * media.publish, media.receive, media.subscribe and media.ice_restart: only a member who is JOINED in an ACTIVE call
 * may exchange SDP for it; then the {@link MediaRelay} decides. The relay's subscribe offers are pushed
 * as {@code media.offer {callId, sdp}}; a publish is answered {@code media.answer {callId, sdp}}. The same
 * check guards media.audio_only, media.prefer and media.cap (the last also by role); the relay's speaker
 * and paused-video signals are pushed as {@code media.speaker} and {@code media.video_paused}.
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
        relay.mediaSignals(new MediaRelay.MediaSignals() {
            @Override
            public void speaker(String callId, String participantId, String speakerId) {
                connections.sendTo(
                        participantId,
                        new JsonObject()
                                .put("type", "media.speaker")
                                .put("callId", callId)
                                .put("participantId", speakerId));
            }

            @Override
            public void videoPaused(String callId, String participantId, boolean paused, long estimate) {
                connections.sendTo(
                        participantId,
                        new JsonObject()
                                .put("type", "media.video_paused")
                                .put("callId", callId)
                                .put("paused", paused)
                                .put("estimateKbps", Math.max(0, estimate / 1000)));
            }
        });
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
                                        .map(v -> new JsonObject())))
                .handle(
                        "media.audio_only",
                        (c, m) ->
                                inCall(c, m, party -> relay.audioOnly(m.getString("callId"), party, m.getBoolean("on"))
                                        .map(v -> new JsonObject())))
                .handle(
                        "media.prefer",
                        (c, m) -> inCall(c, m, party -> relay.prefer(
                                        m.getString("callId"), party, m.getString("trackId"), m.getInteger("maxHeight"))
                                .map(v -> new JsonObject())))
                .handle(
                        "media.cap",
                        (c, m) -> inCall(
                                c,
                                m,
                                party -> mayCap(party)
                                        ? relay.cap(m.getString("callId"), party, m.getInteger("maxKbps"))
                                                .map(v -> new JsonObject())
                                        : Future.failedFuture(
                                                new ProtocolError(
                                                        "forbidden",
                                                        "the data saver is set by a clinician or care-home staff in the call"))));
    }

    /**
     * The cap holds for the whole call (the relay keeps one per call), so the people who run the consult
     * set it: clinicians and care-home staff. A TV on a thin link chooses audio only for itself instead.
     */
    private static boolean mayCap(Party party) {
        return party.role().isClinician() || party.role() == Role.CARE_HOME_STAFF;
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
