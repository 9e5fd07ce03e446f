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
    /** Null: a name made of the host name and the process id. */
    public static final String DEFAULT_NODE_ID = null;

    public static final Duration DEFAULT_DELIVERY_LEASE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REDELIVER_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_GAP_WAIT = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_CONFLICT_RETRIES = 8;

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
    private String nodeId = DEFAULT_NODE_ID;
    private Duration deliveryLease = DEFAULT_DELIVERY_LEASE;
    private Duration redeliverWindow = DEFAULT_REDELIVER_WINDOW;
    private Duration gapWait = DEFAULT_GAP_WAIT;
    private int maxConflictRetries = DEFAULT_MAX_CONFLICT_RETRIES;
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

    /** This node's name in "delivered" markers and the delivery lease; unique per running process. */
    public String getNodeId() {
        if (nodeId != null) return nodeId;
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        return host + "-" + ProcessHandle.current().pid();
    }

    public FhirAdapterOptions setNodeId(String nodeId) {
        this.nodeId = nodeId;
        return this;
    }

    public Duration getDeliveryLease() {
        return deliveryLease;
    }

    /**
     * With a Redis outbox shared by several nodes, one node at a time delivers, under a lease of this
     * length in Redis; when that node dies, another takes over at most this long after its last renewal.
     */
    public FhirAdapterOptions setDeliveryLease(Duration deliveryLease) {
        if (deliveryLease.toMillis() < 300) throw new IllegalArgumentException("deliveryLease " + deliveryLease);
        this.deliveryLease = deliveryLease;
        return this;
    }

    public Duration getRedeliverWindow() {
        return redeliverWindow;
    }

    /**
     * Calls delivered within this window before a node starts delivering (at start, or on taking over
     * from another node) are sent again: a FHIR server that acknowledged a write and lost it (a crash
     * before its own flush) gets it back. Zero turns this off.
     */
    public FhirAdapterOptions setRedeliverWindow(Duration redeliverWindow) {
        if (redeliverWindow.isNegative()) throw new IllegalArgumentException("redeliverWindow " + redeliverWindow);
        this.redeliverWindow = redeliverWindow;
        return this;
    }

    public Duration getGapWait() {
        return gapWait;
    }

    /**
     * Events after a gap in a call's sequence (an earlier event still on its way from another node) wait
     * at most this long, measured from the event's own time, before they are delivered anyway.
     */
    public FhirAdapterOptions setGapWait(Duration gapWait) {
        this.gapWait = Objects.requireNonNull(gapWait);
        return this;
    }

    public int getMaxConflictRetries() {
        return maxConflictRetries;
    }

    /** HTTP 409 (two writers raced on one id) is retried this many times in a row before the call is parked. */
    public FhirAdapterOptions setMaxConflictRetries(int maxConflictRetries) {
        if (maxConflictRetries < 0) throw new IllegalArgumentException("maxConflictRetries " + maxConflictRetries);
        this.maxConflictRetries = maxConflictRetries;
        return this;
    }
}
