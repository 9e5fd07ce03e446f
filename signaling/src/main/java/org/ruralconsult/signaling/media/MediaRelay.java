package org.ruralconsult.signaling.media;

import io.vertx.core.Future;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.ws.ProtocolError;

/**
 * The seam to the media relay (module {@code media}): signaling checks that the participant is in the
 * live call, then hands over the SDP. Two PeerConnections per participant (DESIGN.md): publish (client
 * offers, relay answers) and subscribe (relay offers through {@link SubscribeOffers}, client answers).
 * Until a relay is plugged in ({@code SignalingServer.Builder#mediaRelay}), {@link #NONE} answers {@code
 * not_implemented}.
 *
 * <p>Methods are called on a Vert.x event loop and must not block; return a future.
 */
public interface MediaRelay {

    /** The relay's answer to the participant's publish offer. */
    Future<String> publish(String callId, Party participant, String offerSdp);

    /**
     * The participant receives without publishing (no camera or microphone, or permission refused): the
     * relay joins them and offers them the others' tracks as if they had published. A participant who
     * publishes later goes on with the same subscribe PeerConnection.
     */
    Future<Void> receive(String callId, Party participant);

    /** The participant's answer to the relay's latest subscribe offer. */
    Future<Void> subscribeAnswer(String callId, Party participant, String answerSdp);

    /** New ICE credentials for one PeerConnection ({@code publish} or {@code subscribe}). */
    Future<Void> iceRestart(String callId, Party participant, String peerConnection);

    /** The participant is no longer in the call (left, declined, grace expired): free its transports. */
    void participantGone(String callId, String participantId);

    /** The call ended: free its router. */
    void callEnded(String callId);

    /** Called once at start: where the relay sends subscribe offers (pushed as {@code media.offer}). */
    void subscribeOffers(SubscribeOffers offers);

    /** Delivers a relay's subscribe offer to the participant's connections on this node. */
    @FunctionalInterface
    interface SubscribeOffers {
        void offer(String callId, String participantId, String offerSdp);
    }

    /** No relay: every media request is answered {@code not_implemented}. */
    MediaRelay NONE = new MediaRelay() {
        @Override
        public Future<String> publish(String callId, Party participant, String offerSdp) {
            return notImplemented("media.publish");
        }

        @Override
        public Future<Void> receive(String callId, Party participant) {
            return notImplemented("media.receive");
        }

        @Override
        public Future<Void> subscribeAnswer(String callId, Party participant, String answerSdp) {
            return notImplemented("media.subscribe");
        }

        @Override
        public Future<Void> iceRestart(String callId, Party participant, String peerConnection) {
            return notImplemented("media.ice_restart");
        }

        @Override
        public void participantGone(String callId, String participantId) {}

        @Override
        public void callEnded(String callId) {}

        @Override
        public void subscribeOffers(SubscribeOffers offers) {}

        private <T> Future<T> notImplemented(String type) {
            return Future.failedFuture(new ProtocolError(
                    "not_implemented", type + " is reserved for the media relay and not implemented yet"));
        }
    };
}
