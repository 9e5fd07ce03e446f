package org.ruralconsult.signaling.ws;

/** A request that is refused with {@code {"type":"error","code":...}}; not a server fault. */
public final class ProtocolError extends RuntimeException {
    private final String code;

    public ProtocolError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
