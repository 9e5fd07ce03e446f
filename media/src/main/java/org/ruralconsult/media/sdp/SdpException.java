package org.ruralconsult.media.sdp;

/** An SDP the relay cannot use: malformed, or missing what WebRTC requires. */
public final class SdpException extends Exception {
    public SdpException(String message) {
        super(message);
    }
}
