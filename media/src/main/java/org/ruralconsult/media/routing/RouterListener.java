package org.ruralconsult.media.routing;

/**
 * How a router tells the signaling layer about one participant. Called on the router's worker
 * thread: return quickly, never block; calling back into the router from here is fine (the call
 * runs inline).
 */
public interface RouterListener {
    /**
     * Tracks to send to this participant changed: fetch {@link Router#subscribeOffer(String)} and
     * pass it to the client's subscribe PeerConnection. Fired once per change, and again after an
     * answer if more changed while the offer was out.
     */
    void onSubscribeOfferNeeded(String participantId);

    /** The participant was removed without {@code leave}: consent lost, DTLS failed, router closed. */
    default void onParticipantGone(String participantId, String reason) {}
}
