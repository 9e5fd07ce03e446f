package org.ruralconsult.tv;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the TV connects and keeps its device token.
 *
 * @param server the signaling server, e.g. {@code http://127.0.0.1:8080}
 * @param tokenFile where the device token from pairing is kept across restarts
 * @param loopbackOnly see {@link org.ruralconsult.tv.media.TvMediaEngine}
 * @param media false for a TV without media (protocol only)
 */
public record TvOptions(URI server, Path tokenFile, boolean loopbackOnly, boolean media) {
    public static final URI DEFAULT_SERVER = URI.create("http://127.0.0.1:8080");
    public static final Path DEFAULT_TOKEN_FILE =
            Path.of(System.getProperty("user.home"), ".ruralconsult-tv", "device-token");

    public URI webSocketUri() {
        String base = server.toString().replaceFirst("^http", "ws");
        return URI.create(base.endsWith("/") ? base + "ws" : base + "/ws");
    }
}
