package org.ruralconsult.signaling.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may talk to this server. A browser sends an Origin header with every WebSocket upgrade
 * and cross-site request; a page from another site must not open a consult socket with a signed-in
 * person's token (cross-site WebSocket hijacking), so the upgrade is refused unless the Origin is this
 * server's own or listed in {@code --allowed-origins}. Clients without an Origin header (the TV app,
 * webrtc-java peers, command-line tools) are not browsers and are let in. REST replies carry CORS headers
 * only when a listed origin asks; the server's own pages need none.
 */
final class OriginPolicy {
    private static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type";

    private final Set<String> allowed;

    OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalized).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a WebSocket upgrade (or any request) from this request's Origin is let in. */
    boolean admits(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) return true;
        return isListed(origin) || isSameOrigin(origin, request.getHeader("Host"));
    }

    /**
     * REST: adds CORS headers for a listed origin and answers its preflight; other origins get no
     * headers (the browser then withholds the reply from the page).
     */
    void cors(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null || !isListed(origin)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
        if (ctx.request().method() == HttpMethod.OPTIONS
                && ctx.request().getHeader("Access-Control-Request-Method") != null) {
            ctx.response()
                    .putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204)
                    .end();
            return;
        }
        ctx.next();
    }

    private boolean isListed(String origin) {
        return allowed.contains(normalized(origin));
    }

    /** Same origin: the Origin's host and port are the Host the browser asked for (any scheme: TLS may end at a proxy). */
    private static boolean isSameOrigin(String origin, String host) {
        if (host == null) return false;
        try {
            String authority = URI.create(origin.trim()).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalized(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
