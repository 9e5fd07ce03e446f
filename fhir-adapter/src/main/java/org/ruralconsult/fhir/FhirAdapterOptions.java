package org.ruralconsult.fhir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServerOptions;

/** How the FHIR adapter stores its outbox and where it delivers. Defaults give the single-machine run. */
public final class FhirAdapterOptions {
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");
    /** null: run the embedded HAPI FHIR JPA server and deliver to it. */
    public static final String DEFAULT_FHIR_BASE_URL = null;

    public static final int DEFAULT_EMBEDDED_PORT = EmbeddedFhirServerOptions.DEFAULT_PORT;
    /** null: the disk outbox under the data directory. */
    public static final String DEFAULT_REDIS_URI = null;

    public static final String DEFAULT_REDIS_STREAM_KEY = "ruralconsult:fhir:outbox";
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_EVENTS_PER_BUNDLE = 50;

    private Path dataDirectory = DEFAULT_DATA_DIRECTORY;
    private String fhirBaseUrl = DEFAULT_FHIR_BASE_URL;
    private String authorizationHeader;
    private int embeddedPort = DEFAULT_EMBEDDED_PORT;
    private String redisUri = DEFAULT_REDIS_URI;
    private String redisStreamKey = DEFAULT_REDIS_STREAM_KEY;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    private int maxEventsPerBundle = DEFAULT_MAX_EVENTS_PER_BUNDLE;
    private Consumer<Bundle> bundleObserver = bundle -> {};

    public Path getDataDirectory() {
        return dataDirectory;
    }

    /** The disk outbox lives in {@code <dir>/outbox}, the embedded server's H2 database in {@code <dir>/fhir}. */
    public FhirAdapterOptions setDataDirectory(Path dataDirectory) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory);
        return this;
    }

    public String getFhirBaseUrl() {
        return fhirBaseUrl;
    }

    /** Any FHIR R4 server (e.g. the hospital's); null runs and uses the embedded server. */
    public FhirAdapterOptions setFhirBaseUrl(String fhirBaseUrl) {
        this.fhirBaseUrl = fhirBaseUrl;
        return this;
    }

    public String getAuthorizationHeader() {
        return authorizationHeader;
    }

    /** Sent as the {@code Authorization} header value (e.g. {@code "Bearer ..."}); null sends none. */
    public FhirAdapterOptions setAuthorizationHeader(String authorizationHeader) {
        this.authorizationHeader = authorizationHeader;
        return this;
    }

    public int getEmbeddedPort() {
        return embeddedPort;
    }

    public FhirAdapterOptions setEmbeddedPort(int embeddedPort) {
        this.embeddedPort = embeddedPort;
        return this;
    }

    public String getRedisUri() {
        return redisUri;
    }

    /** e.g. {@code redis://127.0.0.1:6379}: keep the outbox in a Redis Stream instead of on disk. */
    public FhirAdapterOptions setRedisUri(String redisUri) {
        this.redisUri = redisUri;
        return this;
    }

    public String getRedisStreamKey() {
        return redisStreamKey;
    }

    public FhirAdapterOptions setRedisStreamKey(String redisStreamKey) {
        this.redisStreamKey = Objects.requireNonNull(redisStreamKey);
        return this;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    /** The wait after a call's first failed delivery; it doubles with each further failure. */
    public FhirAdapterOptions setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = Objects.requireNonNull(initialBackoff);
        return this;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public FhirAdapterOptions setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = Objects.requireNonNull(maxBackoff);
        return this;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public FhirAdapterOptions setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        return this;
    }

    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    public FhirAdapterOptions setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = Objects.requireNonNull(socketTimeout);
        return this;
    }

    public int getMaxEventsPerBundle() {
        return maxEventsPerBundle;
    }

    public FhirAdapterOptions setMaxEventsPerBundle(int maxEventsPerBundle) {
        if (maxEventsPerBundle < 1) throw new IllegalArgumentException("maxEventsPerBundle " + maxEventsPerBundle);
        this.maxEventsPerBundle = maxEventsPerBundle;
        return this;
    }

    public Consumer<Bundle> getBundleObserver() {
        return bundleObserver;
    }

    /** Sees every bundle just before it is sent (auditing, debugging, validation in tests). */
    public FhirAdapterOptions setBundleObserver(Consumer<Bundle> bundleObserver) {
        this.bundleObserver = Objects.requireNonNull(bundleObserver);
        return this;
    }
}
