package org.ruralconsult.calls;

/**
 * A call action that is not allowed now. The code is part of the public protocol (docs/protocol.md):
 * {@code not_found}, {@code forbidden}, {@code illegal_state}, {@code already_answered},
 * {@code not_ringing}, {@code no_one_available}, {@code invalid}.
 */
public final class CallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public CallException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    static CallException notFound(String callId) {
        return new CallException("not_found", "no call " + callId);
    }

    static CallException forbidden(String message) {
        return new CallException("forbidden", message);
    }

    static CallException illegalState(String message) {
        return new CallException("illegal_state", message);
    }
}
