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

    /**
     * Audio only for the participant ({@code on}): the relay sends them no video; they stop publishing
     * their own camera themselves.
     */
    Future<Void> audioOnly(String callId, Party participant, boolean on);

    /**
     * The largest picture height the participant wants of one remote video track ({@code trackId}: the
     * msid track id of the relay's subscribe offer); 0: none of its video.
     */
    Future<Void> prefer(String callId, Party participant, String trackId, int maxHeight);

    /** Data saver: caps what the relay sends each member of the call and asks publishers for; 0: off. */
    Future<Void> cap(String callId, Party participant, int maxKbps);

    /** The participant is no longer in the call (left, declined, grace expired): free its transports. */
    void participantGone(String callId, String participantId);

    /** The call ended: free its router. */
    void callEnded(String callId);

    /** Called once at start: where the relay sends subscribe offers (pushed as {@code media.offer}). */
    void subscribeOffers(SubscribeOffers offers);

    /** Called once at start: where the relay sends its speaker and paused-video signals. */
    void mediaSignals(MediaSignals signals);

    /** Delivers a relay's subscribe offer to the participant's connections on this node. */
    @FunctionalInterface
    interface SubscribeOffers {
        void offer(String callId, String participantId, String offerSdp);
    }

    /**
     * What the relay tells one participant about the call's media, delivered to the participant's
     * connections on this node (pushed as {@code media.speaker} and {@code media.video_paused}).
     */
    interface MediaSignals {
        /** {@code speakerId}: the member heard most now, or null when nobody speaks. */
        void speaker(String callId, String participantId, String speakerId);

        /** Video towards the participant paused for bandwidth (audio goes on), or flows again. */
        void videoPaused(String callId, String participantId, boolean paused, long estimateBitsPerSecond);
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
        public Future<Void> audioOnly(String callId, Party participant, boolean on) {
            return notImplemented("media.audio_only");
        }

        @Override
        public Future<Void> prefer(String callId, Party participant, String trackId, int maxHeight) {
            return notImplemented("media.prefer");
        }

        @Override
        public Future<Void> cap(String callId, Party participant, int maxKbps) {
            return notImplemented("media.cap");
        }

        @Override
        public void participantGone(String callId, String participantId) {}

        @Override
        public void callEnded(String callId) {}

        @Override
        public void subscribeOffers(SubscribeOffers offers) {}

        @Override
        public void mediaSignals(MediaSignals signals) {}

        private <T> Future<T> notImplemented(String type) {
            return Future.failedFuture(new ProtocolError(
                    "not_implemented", type + " is reserved for the media relay and not implemented yet"));
        }
    };
}
