package org.ruralconsult.signaling.http;

/** A REST failure answered as {@code {"code":...,"message":...}} with an HTTP status. */
public final class RestError extends RuntimeException {
    private final int status;
    private final String code;

    public RestError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static RestError badRequest(String message) {
        return new RestError(400, "bad_request", message);
    }

    public static RestError unauthorized(String message) {
        return new RestError(401, "unauthorized", message);
    }

    public static RestError forbidden(String message) {
        return new RestError(403, "forbidden", message);
    }

    public static RestError notFound(String message) {
        return new RestError(404, "not_found", message);
    }
}
