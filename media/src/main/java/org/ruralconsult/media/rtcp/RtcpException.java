package org.ruralconsult.media.rtcp;

/** A compound RTCP packet whose lengths do not add up. */
public final class RtcpException extends Exception {
    public RtcpException(String message) {
        super(message, null, false, false);
    }
}
