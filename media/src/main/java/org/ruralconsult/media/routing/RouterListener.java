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
     * answer if more changed while the offer was out; also when a subscribe transport that had
     * connected lost consent (the offer brings a fresh transport with new ICE credentials).
     */
    void onSubscribeOfferNeeded(String participantId);

    /**
     * The participant was removed without {@code leave}: its publish transport lost consent, never
     * connected or failed DTLS (a subscribe-only participant: its subscribe transport), or the router
     * closed. A failed subscribe transport alone does not remove a participant whose publish transport
     * lives.
     */
    default void onParticipantGone(String participantId, String reason) {}

    /**
     * The member heard most over the last moments changed (RFC 6464 audio levels of their audio
     * producers): told to every participant's listener, so that clients show that member large.
     * {@code speakerId} is null when nobody speaks.
     */
    default void onDominantSpeaker(String participantId, String speakerId) {}

    /**
     * Video towards this participant paused because their link cannot carry even the lowest video
     * layer of the others ({@code paused} true), or flows again (false). Audio is never paused for
     * bandwidth. {@code estimateBitsPerSecond} is the relay's estimate of the link then.
     */
    default void onVideoPausedForBandwidth(String participantId, boolean paused, long estimateBitsPerSecond) {}
}
