package org.ruralconsult.signaling.media;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.media.routing.Router;
import org.ruralconsult.media.routing.RouterListener;
import org.ruralconsult.media.sdp.SdpException;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process SFU behind the media seam: a router per call (created at the first publish or receive),
 * the participant joined to it at their first publish or receive, subscribe offers pushed back through
 * signaling. The
 * router's futures complete on its worker; replies and pushes hop back onto the Vert.x context.
 */
public final class SfuMediaRelay implements MediaRelay {
    private static final Logger LOG = LoggerFactory.getLogger(SfuMediaRelay.class);

    private final org.ruralconsult.media.MediaRelay sfu;
    private final Context context;
    private final Map<String, Set<String>> joined = new ConcurrentHashMap<>();

    private volatile SubscribeOffers offers = (callId, participantId, sdp) -> {};
    private volatile MediaSignals signals = NO_SIGNALS;

    private static final MediaSignals NO_SIGNALS = new MediaSignals() {
        @Override
        public void speaker(String callId, String participantId, String speakerId) {}

        @Override
        public void videoPaused(String callId, String participantId, boolean paused, long estimate) {}
    };

    public SfuMediaRelay(Vertx vertx, org.ruralconsult.media.MediaRelay sfu) {
        this.sfu = sfu;
        this.context = vertx.getOrCreateContext();
    }

    @Override
    public Future<String> publish(String callId, Party participant, String offerSdp) {
        Router router = routerOf(callId);
        return reply(joinOnce(callId, router, participant.id())
                .thenCompose(v -> router.publish(participant.id(), offerSdp)));
    }

    /** Joining is enough: the router offers a new participant the others' tracks (media.offer). */
    @Override
    public Future<Void> receive(String callId, Party participant) {
        return reply(joinOnce(callId, routerOf(callId), participant.id()));
    }

    private CompletableFuture<Void> joinOnce(String callId, Router router, String id) {
        return joined.computeIfAbsent(callId, c -> ConcurrentHashMap.newKeySet())
                        .add(id)
                ? router.join(id, listener(callId, router))
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public Future<Void> subscribeAnswer(String callId, Party participant, String answerSdp) {
        Router router = sfu.router(callId);
        if (router == null) {
            return Future.failedFuture(
                    new ProtocolError("illegal_state", "publish first: no media for call " + callId));
        }
        return reply(router.subscribeAnswer(participant.id(), answerSdp));
    }

    @Override
    public Future<Void> iceRestart(String callId, Party participant, String peerConnection) {
        Router router = sfu.router(callId);
        if (router == null) {
            return Future.failedFuture(
                    new ProtocolError("illegal_state", "publish first: no media for call " + callId));
        }
        if (!"subscribe".equals(peerConnection)) {
            // The publish side restarts with a fresh offer through media.publish (RFC 8445 §9).
            return Future.failedFuture(new ProtocolError(
                    "invalid_message", "restart the publish side by sending media.publish with an ICE-restart offer"));
        }
        return reply(router.restartIce(participant.id()));
    }

    @Override
    public Future<Void> audioOnly(String callId, Party participant, boolean on) {
        Router router = joinedRouter(callId, participant.id());
        return router == null ? notJoined(callId) : reply(router.audioOnly(participant.id(), on));
    }

    @Override
    public Future<Void> prefer(String callId, Party participant, String trackId, int maxHeight) {
        Router router = joinedRouter(callId, participant.id());
        return router == null ? notJoined(callId) : reply(router.preferredHeight(participant.id(), trackId, maxHeight));
    }

    /** The cap is the call's: one value for every member's downlink (Router#capBitrate). */
    @Override
    public Future<Void> cap(String callId, Party participant, int maxKbps) {
        Router router = joinedRouter(callId, participant.id());
        return router == null ? notJoined(callId) : reply(router.capBitrate(maxKbps * 1000L));
    }

    /** The call's router if the participant has joined it (published or receives), else null. */
    private Router joinedRouter(String callId, String participantId) {
        Set<String> inCall = joined.get(callId);
        return inCall != null && inCall.contains(participantId) ? sfu.router(callId) : null;
    }

    private static <T> Future<T> notJoined(String callId) {
        return Future.failedFuture(new ProtocolError(
                "illegal_state", "send media.publish or media.receive first: no media for you in call " + callId));
    }

    @Override
    public void participantGone(String callId, String participantId) {
        Set<String> inCall = joined.get(callId);
        Router router = sfu.router(callId);
        if (inCall != null && inCall.remove(participantId) && router != null) {
            router.leave(participantId);
        }
    }

    @Override
    public void callEnded(String callId) {
        joined.remove(callId);
        Router router = sfu.router(callId);
        if (router != null) {
            router.close();
        }
    }

    @Override
    public void subscribeOffers(SubscribeOffers offers) {
        this.offers = offers;
    }

    @Override
    public void mediaSignals(MediaSignals signals) {
        this.signals = signals;
    }

    private synchronized Router routerOf(String callId) {
        Router router = sfu.router(callId);
        return router != null ? router : sfu.createRouter(callId);
    }

    private RouterListener listener(String callId, Router router) {
        return new RouterListener() {
            @Override
            public void onSubscribeOfferNeeded(String participantId) {
                router.subscribeOffer(participantId).whenComplete((sdp, error) -> {
                    if (error != null) {
                        LOG.warn("no subscribe offer for {} in {}: {}", participantId, callId, error.toString());
                    } else {
                        context.runOnContext(v -> offers.offer(callId, participantId, sdp));
                    }
                });
            }

            @Override
            public void onDominantSpeaker(String participantId, String speakerId) {
                context.runOnContext(v -> signals.speaker(callId, participantId, speakerId));
            }

            @Override
            public void onVideoPausedForBandwidth(String participantId, boolean paused, long estimate) {
                context.runOnContext(v -> signals.videoPaused(callId, participantId, paused, estimate));
            }

            @Override
            public void onParticipantGone(String participantId, String reason) {
                Set<String> inCall = joined.get(callId);
                if (inCall != null) {
                    inCall.remove(participantId);
                }
                LOG.info("media of {} in {} ended: {}", participantId, callId, reason);
            }
        };
    }

    /** Completes on the Vert.x context; relay errors become protocol errors the client can read. */
    private <T> Future<T> reply(CompletionStage<T> stage) {
        io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
        stage.whenComplete((value, error) -> context.runOnContext(v -> {
            if (error == null) {
                promise.complete(value);
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            promise.fail(
                    cause instanceof SdpException
                            ? new ProtocolError("invalid_sdp", cause.getMessage())
                            : new ProtocolError("media_error", cause.getMessage()));
        }));
        return promise.future();
    }
}
