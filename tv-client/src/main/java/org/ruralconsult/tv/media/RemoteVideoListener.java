package org.ruralconsult.tv.media;

/**
 * Remote participants' videos appearing and leaving in a call. Called on a libwebrtc thread: hand the
 * news over to the UI thread and return quickly.
 */
public interface RemoteVideoListener {
    /** A participant's video track arrived; frames follow in {@code video}. */
    default void appeared(RemoteVideo video) {}

    /** The participant's video is gone (they left, or stopped sending). */
    default void left(String participantId) {}
}
