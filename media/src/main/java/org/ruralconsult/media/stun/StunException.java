package org.ruralconsult.media.stun;

/** A datagram that is not a well-formed STUN message, or one whose checks fail. */
public final class StunException extends Exception {
    private final Reason reason;

    public enum Reason {
        TRUNCATED,
        NOT_STUN,
        BAD_LENGTH,
        BAD_ATTRIBUTE,
        BAD_FINGERPRINT,
        BAD_INTEGRITY,
        MISSING_ATTRIBUTE
    }

    public StunException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
