package org.ruralconsult.signaling.media;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.ruralconsult.calls.BusMessage;
import org.ruralconsult.calls.ClusterBus;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.SignalingMetrics;
import org.ruralconsult.signaling.ws.Connections;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media seam of a node that shares its state store with other nodes: every call's media is held by
 * one node ({@link MediaPlacement}), whose in-process relay has the call's router. A member connected
 * here sends SDP to the owner over the cluster bus ({@link RemoteMediaRelay}); the owner's subscribe
 * offers for a member connected elsewhere go over the bus to the node that has the member. Clients then
 * send their media straight to the owner's media address, which the SDP answer carries.
 *
 * <p>The single-node default (a store of this JVM) never uses this class: its relay is the owner of
 * everything and needs no bus hop.
 */
public final class ClusterMediaRelay implements MediaRelay, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMediaRelay.class);
    /** Ample for an SDP exchange through Redis on a live node; short enough that a person still waits. */
    public static final Duration DEFAULT_OWNER_TIMEOUT = Duration.ofSeconds(5);

    static final String OFFER = "media.offer";
    static final String SIGNAL = "media.signal";

    private final Vertx vertx;
    private final Context context;
    private final MediaRelay local;
    private final MediaPlacement placement;
    private final ClusterBus bus;
    private final Connections connections;
    private final RemoteMediaRelay remote;
    private final AutoCloseable subscription;
    private volatile SubscribeOffers offers = (callId, participantId, sdp) -> {};
    private volatile MediaSignals signals;

    public ClusterMediaRelay(
            Vertx vertx,
            MediaRelay local,
            MediaPlacement placement,
            ClusterBus bus,
            Connections connections,
            SignalingMetrics metrics,
            Duration ownerTimeout) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.local = local;
        this.placement = placement;
        this.bus = bus;
        this.connections = connections;
        this.remote = new RemoteMediaRelay(vertx, context, bus, placement.self(), metrics, ownerTimeout);
        local.subscribeOffers(this::offerFromLocalRouter);
        local.mediaSignals(new MediaSignals() {
            @Override
            public void speaker(String callId, String participantId, String speakerId) {
                signalFromLocalRouter(
                        callId,
                        participantId,
                        new JsonObject().put("kind", "speaker").put("speakerId", speakerId));
            }

            @Override
            public void videoPaused(String callId, String participantId, boolean paused, long estimate) {
                signalFromLocalRouter(
                        callId,
                        participantId,
                        new JsonObject()
                                .put("kind", "video_paused")
                                .put("paused", paused)
                                .put("estimate", estimate));
            }
        });
        this.subscription = bus.subscribe(this::onBus);
    }

    @Override
    public Future<String> publish(String callId, Party participant, String offerSdp) {
        return owner(callId)
                .compose(owner -> owner.equals(placement.self())
                        ? local.publish(callId, participant, offerSdp)
                        : remote.request(owner, "publish", callId, participant, new JsonObject().put("sdp", offerSdp))
                                .map(value -> value.getString("sdp")));
    }

    @Override
    public Future<Void> receive(String callId, Party participant) {
        return owner(callId)
                .compose(owner -> owner.equals(placement.self())
                        ? local.receive(callId, participant)
                        : remote.request(owner, "receive", callId, participant, new JsonObject())
                                .mapEmpty());
    }

    @Override
    public Future<Void> subscribeAnswer(String callId, Party participant, String answerSdp) {
        return owner(callId)
                .compose(owner -> owner.equals(placement.self())
                        ? local.subscribeAnswer(callId, participant, answerSdp)
                        : remote.request(
                                        owner, "subscribe", callId, participant, new JsonObject().put("sdp", answerSdp))
                                .mapEmpty());
    }

    @Override
    public Future<Void> iceRestart(String callId, Party participant, String peerConnection) {
        return owner(callId)
                .compose(owner -> owner.equals(placement.self())
                        ? local.iceRestart(callId, participant, peerConnection)
                        : remote.request(
                                        owner,
                                        "ice_restart",
                                        callId,
                                        participant,
                                        new JsonObject().put("pc", peerConnection))
                                .mapEmpty());
    }

    @Override
    public Future<Void> audioOnly(String callId, Party participant, boolean on) {
        return owner(callId)
                .compose(owner -> owner.equals(placement.self())
                        ? local.audioOnly(callId, participant, on)
                        : remote.request(owner, "audio_only", callId, participant, new JsonObject().put("on", on))
                                .mapEmpty());
    }

    @Override
    public Future<Void> prefer(String callId, Party participant, String trackId, int maxHeight) {
        return owner(callId)
                .compose(owner -> owner.equals(placement.self())
                        ? local.prefer(callId, participant, trackId, maxHeight)
                        : remote.request(
                                        owner,
                                        "prefer",
                                        callId,
                                        participant,
                                        new JsonObject().put("trackId", trackId).put("maxHeight", maxHeight))
                                .mapEmpty());
    }

    @Override
    public Future<Void> cap(String callId, Party participant, int maxKbps) {
        return owner(callId)
                .compose(owner -> owner.equals(placement.self())
                        ? local.cap(callId, participant, maxKbps)
                        : remote.request(owner, "cap", callId, participant, new JsonObject().put("maxKbps", maxKbps))
                                .mapEmpty());
    }

    /** Every node hears of it from the call update; only the owner's relay has anything to free. */
    @Override
    public void participantGone(String callId, String participantId) {
        local.participantGone(callId, participantId);
    }

    @Override
    public void callEnded(String callId) {
        local.callEnded(callId);
        vertx.executeBlocking(
                        () -> {
                            placement.release(callId);
                            return null;
                        },
                        false)
                .onFailure(e -> LOG.warn("media claim of call {} not released: {}", callId, e.toString()));
    }

    @Override
    public void subscribeOffers(SubscribeOffers offers) {
        this.offers = offers;
    }

    @Override
    public void mediaSignals(MediaSignals signals) {
        this.signals = signals;
    }

    @Override
    public void close() throws Exception {
        subscription.close();
    }

    private Future<String> owner(String callId) {
        return placement
                .knownOwnerOf(callId)
                .map(Future::succeededFuture)
                .orElseGet(() -> vertx.executeBlocking(() -> placement.ownerOf(callId), false));
    }

    /** Our router's offer: straight to the member if connected here, else to the node that has them. */
    private void offerFromLocalRouter(String callId, String participantId, String sdp) {
        if (connections.isConnectedHere(participantId)) {
            offers.offer(callId, participantId, sdp);
            return;
        }
        JsonObject offer = new JsonObject()
                .put("from", placement.self())
                .put("callId", callId)
                .put("participantId", participantId)
                .put("sdp", sdp);
        vertx.executeBlocking(
                        () -> {
                            bus.publish(new BusMessage.Custom(OFFER, offer.encode()));
                            return null;
                        },
                        false)
                .onFailure(e ->
                        LOG.warn("subscribe offer for {} in {} not sent: {}", participantId, callId, e.toString()));
    }

    /** Our router's speaker or paused-video signal: to the member here, else over the bus to their node. */
    private void signalFromLocalRouter(String callId, String participantId, JsonObject signal) {
        if (connections.isConnectedHere(participantId)) {
            deliver(callId, participantId, signal);
            return;
        }
        JsonObject message = signal.copy()
                .put("from", placement.self())
                .put("callId", callId)
                .put("participantId", participantId);
        vertx.executeBlocking(
                        () -> {
                            bus.publish(new BusMessage.Custom(SIGNAL, message.encode()));
                            return null;
                        },
                        false)
                .onFailure(
                        e -> LOG.warn("media signal for {} in {} not sent: {}", participantId, callId, e.toString()));
    }

    private void deliver(String callId, String participantId, JsonObject signal) {
        MediaSignals to = signals;
        if (to == null) return;
        if ("speaker".equals(signal.getString("kind"))) {
            to.speaker(callId, participantId, signal.getString("speakerId"));
        } else {
            to.videoPaused(callId, participantId, signal.getBoolean("paused", false), signal.getLong("estimate", 0L));
        }
    }

    /** Runs on the store's thread: parse, then hand over to the Vert.x context. */
    private void onBus(BusMessage message) {
        if (!(message instanceof BusMessage.Custom custom) || !custom.topic().startsWith("media.")) return;
        JsonObject body = new JsonObject(custom.payload());
        switch (custom.topic()) {
            case RemoteMediaRelay.REQUEST -> {
                if (placement.self().equals(body.getString("to"))) context.runOnContext(v -> serve(body));
            }
            case RemoteMediaRelay.REPLY -> {
                if (placement.self().equals(body.getString("to"))) remote.onReply(body);
            }
            case OFFER -> {
                if (!placement.self().equals(body.getString("from"))) {
                    context.runOnContext(v -> offers.offer(
                            body.getString("callId"), body.getString("participantId"), body.getString("sdp")));
                }
            }
            case SIGNAL -> {
                if (!placement.self().equals(body.getString("from"))) {
                    context.runOnContext(v -> deliver(body.getString("callId"), body.getString("participantId"), body));
                }
            }
            default -> LOG.debug("bus topic {} has no listener here", custom.topic());
        }
    }

    /** Another node's member asks our router; the answer goes back over the bus with the same id. */
    private void serve(JsonObject request) {
        String callId = request.getString("callId");
        Party participant = RemoteMediaRelay.party(request.getJsonObject("participant"));
        JsonObject args = request.getJsonObject("args");
        Future<JsonObject> done =
                switch (request.getString("op")) {
                    case "publish" -> local.publish(callId, participant, args.getString("sdp"))
                            .map(sdp -> new JsonObject().put("sdp", sdp));
                    case "subscribe" -> local.subscribeAnswer(callId, participant, args.getString("sdp"))
                            .map(v -> new JsonObject());
                    case "receive" -> local.receive(callId, participant).map(v -> new JsonObject());
                    case "ice_restart" -> local.iceRestart(callId, participant, args.getString("pc"))
                            .map(v -> new JsonObject());
                    case "audio_only" -> local.audioOnly(callId, participant, args.getBoolean("on"))
                            .map(v -> new JsonObject());
                    case "prefer" -> local.prefer(
                                    callId, participant, args.getString("trackId"), args.getInteger("maxHeight"))
                            .map(v -> new JsonObject());
                    case "cap" -> local.cap(callId, participant, args.getInteger("maxKbps"))
                            .map(v -> new JsonObject());
                    default -> Future.failedFuture(
                            new ProtocolError("media_error", "unknown media operation " + request.getString("op")));
                };
        done.onComplete(result -> {
            JsonObject reply = new JsonObject()
                    .put("id", request.getString("id"))
                    .put("from", placement.self())
                    .put("to", request.getString("from"));
            if (result.succeeded()) {
                reply.put("ok", true).put("value", result.result());
            } else if (result.cause() instanceof ProtocolError error) {
                reply.put("ok", false).put("code", error.code()).put("message", error.getMessage());
            } else {
                reply.put("ok", false).put("code", "media_error").put("message", String.valueOf(result.cause()));
            }
            vertx.executeBlocking(
                            () -> {
                                bus.publish(new BusMessage.Custom(RemoteMediaRelay.REPLY, reply.encode()));
                                return null;
                            },
                            false)
                    .onFailure(
                            e -> LOG.warn("media reply to {} not sent: {}", request.getString("from"), e.toString()));
        });
    }
}
