package org.ruralconsult.fhir.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded HAPI FHIR JPA server listens and keeps its H2 database.
 *
 * @param host the loopback address it binds to (never a public interface: the default run is local)
 * @param port TCP port; 0 picks a free one (tests)
 * @param dataDirectory the H2 database lives in {@code dataDirectory/fhir.mv.db}
 */
public record EmbeddedFhirServerOptions(String host, int port, Path dataDirectory) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;
    public static final String CONTEXT_PATH = "/fhir";

    public EmbeddedFhirServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
    }

    public static EmbeddedFhirServerOptions defaults(Path dataDirectory) {
        return new EmbeddedFhirServerOptions(DEFAULT_HOST, DEFAULT_PORT, dataDirectory);
    }

    public EmbeddedFhirServerOptions withPort(int newPort) {
        return new EmbeddedFhirServerOptions(host, newPort, dataDirectory);
    }
}
