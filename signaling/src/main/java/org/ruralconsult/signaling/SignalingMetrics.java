package org.ruralconsult.signaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's own meters, next to the Vert.x ones, all scraped at GET /metrics:
 * {@code signaling_ws_rejected_messages_total{reason}}, {@code signaling_auth_failures_total{channel,
 * reason}}, {@code signaling_ws_abusive_closes_total{reason}}, {@code signaling_ws_connections}, {@code
 * signaling_ws_messages_total{type}}, {@code signaling_http_errors_total{code}}, {@code
 * signaling_media_forwarded_total{op}} (media requests sent to the node holding the call's media) and
 * {@code signaling_media_unavailable_total} (of those, the ones the holding node never answered).
 */
public final class SignalingMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter mediaUnavailable;

    public SignalingMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("signaling.ws.connections", connections, AtomicInteger::get)
                .description("open WebSocket connections")
                .register(registry);
        // registered at start so that an alert can watch it from zero
        mediaUnavailable = Counter.builder("signaling.media.unavailable")
                .description("media requests that the node holding the call's media did not answer in time")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** A WebSocket message that was refused: malformed_json, unknown_type, invalid_message, too_large... */
    public void rejected(String reason) {
        Counter.builder("signaling.ws.rejected.messages")
                .description("WebSocket messages refused with an error")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A token or password that was not accepted: expired, invalid, revoked, bad_password. */
    public void authFailure(String channel, String reason) {
        Counter.builder("signaling.auth.failures")
                .description("failed authentications")
                .tag("channel", channel)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void abusiveClose(String reason) {
        Counter.builder("signaling.ws.abusive.closes")
                .description("connections closed for abuse")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void handled(String type) {
        Counter.builder("signaling.ws.messages")
                .description("WebSocket messages accepted, by type")
                .tag("type", type)
                .register(registry)
                .increment();
    }

    public void httpError(String code) {
        Counter.builder("signaling.http.errors")
                .description("REST errors, by code")
                .tag("code", code)
                .register(registry)
                .increment();
    }

    /** A media request sent over the cluster bus to the node that holds the call's media. */
    public void mediaForwarded(String op) {
        Counter.builder("signaling.media.forwarded")
                .description("media requests sent to the node that holds the call's media, by operation")
                .tag("op", op)
                .register(registry)
                .increment();
    }

    /** The holding node did not answer: the member got media_unavailable. */
    public void mediaUnavailable() {
        mediaUnavailable.increment();
    }
}
