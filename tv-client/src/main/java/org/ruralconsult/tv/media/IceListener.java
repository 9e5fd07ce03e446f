package org.ruralconsult.tv.media;

/**
 * News of a call's ICE connectivity (RFC 8445), per PeerConnection, on a libwebrtc thread: what {@code
 * TvSession} needs to restart ICE when the path to the relay breaks while the WebSocket stays up (a new
 * address after DHCP, a Wi-Fi that came back).
 */
@FunctionalInterface
public interface IceListener {
    /** The PeerConnections of a call, as the protocol names them ({@code media.ice_restart {pc}}). */
    enum Side {
        PUBLISH,
        SUBSCRIBE
    }

    /** What a restart decision needs of libwebrtc's ICE connection state. */
    enum State {
        /** Checking, or not started. */
        CHECKING,
        /** Connected or completed: media flows. */
        CONNECTED,
        /** No answer to consent checks for a few seconds: may come back by itself. */
        DISCONNECTED,
        /** Gave up: only an ICE restart brings it back. */
        FAILED,
        /** Closed by us. */
        CLOSED
    }

    void changed(Side side, State state);
}
