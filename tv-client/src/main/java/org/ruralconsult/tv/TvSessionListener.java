package org.ruralconsult.tv;

import org.ruralconsult.tv.media.DeviceStatus;
import org.ruralconsult.tv.media.RemoteVideo;

/**
 * What a front end needs besides the screens: the connection, the videos of a call and who is large.
 * JavaFX-free. Called on the session's own thread ("tv-ui"), in order: hand over to the toolkit's thread
 * (e.g. {@code Platform.runLater}) and return quickly.
 */
public interface TvSessionListener {
    default void connection(ConnectionState state) {}

    /** The camera and microphone of this TV (at the start of each call's media). */
    default void devices(DeviceStatus devices) {}

    /** The TV's own camera for the self view (at the start of each call's media; absent without a camera). */
    default void selfView(RemoteVideo self) {}

    /** A remote participant's video arrived in the call. */
    default void videoAppeared(RemoteVideo video) {}

    /** A remote participant's video is gone (they left, or the call's media ended). */
    default void videoLeft(String participantId) {}

    /** Who should fill the screen now (see {@link org.ruralconsult.tv.media.SpeakerSelector}). */
    default void largeView(String participantId) {}
}
