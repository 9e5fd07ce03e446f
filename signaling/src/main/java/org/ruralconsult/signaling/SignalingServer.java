package org.ruralconsult.signaling;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.calls.CallOptions;
import org.ruralconsult.calls.store.MemoryStateStore;
import org.ruralconsult.calls.store.RedisStateStore;
import org.ruralconsult.calls.store.StateStore;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.event.DomainEventSink;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.signaling.auth.Tokens;
import org.ruralconsult.signaling.config.OptionsReader;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.consult.CallMessages;
import org.ruralconsult.signaling.consult.CallView;
import org.ruralconsult.signaling.consult.ConnectionLifecycle;
import org.ruralconsult.signaling.directory.DirectoryFile;
import org.ruralconsult.signaling.http.HttpApiVerticle;
import org.ruralconsult.signaling.media.ClusterMediaRelay;
import org.ruralconsult.signaling.media.MediaMessages;
import org.ruralconsult.signaling.media.MediaPlacement;
import org.ruralconsult.signaling.media.MediaRelay;
import org.ruralconsult.signaling.media.MediaRelayMetrics;
import org.ruralconsult.signaling.media.SfuMediaRelay;
import org.ruralconsult.signaling.pairing.TvPairing;
import org.ruralconsult.signaling.presence.PresenceMessages;
import org.ruralconsult.signaling.protocol.Protocol;
import org.ruralconsult.signaling.records.ClinicalRecords;
import org.ruralconsult.signaling.records.PatientRecords;
import org.ruralconsult.signaling.ws.Connections;
import org.ruralconsult.signaling.ws.WebSocketGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling node. Build it with {@link #builder()}: everything not supplied is made from the
 * {@link SignalingOptions} (the directory from the seed file, the state store in memory or on Redis, no
 * event sink). The {@code server} module supplies the FHIR adapter's sink; tests supply a shared Redis
 * store and a recording sink.
 */
public final class SignalingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final CallEngine engine;
    private final StateStore store;
    private final boolean ownsStore;
    private final HttpApiVerticle http;
    private final MeterRegistry registry;
    private final Directory directory;
    private final List<AutoCloseable> resources;

    private SignalingServer(
            Vertx vertx,
            CallEngine engine,
            StateStore store,
            boolean ownsStore,
            HttpApiVerticle http,
            MeterRegistry registry,
            Directory directory,
            List<AutoCloseable> resources) {
        this.vertx = vertx;
        this.engine = engine;
        this.store = store;
        this.ownsStore = ownsStore;
        this.http = http;
        this.registry = registry;
        this.directory = directory;
        this.resources = resources;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the HTTP/WebSocket server listens on (the real one when the option was 0). */
    public int port() {
        return http.port();
    }

    public Vertx vertx() {
        return vertx;
    }

    public CallEngine engine() {
        return engine;
    }

    public Directory directory() {
        return directory;
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vert.x did not close cleanly", e);
        }
        closeAll(resources);
        if (ownsStore) store.close();
    }

    /** Assembles a node; {@link #start()} blocks until it listens. */
    public static final class Builder {
        private SignalingOptions options = new SignalingOptions();
        private Directory directory;
        private StateStore store;
        private DomainEventSink sink = DomainEventSink.NONE;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry registry;
        private Duration tickPeriod = CallClockVerticle.DEFAULT_PERIOD;
        private MediaRelay mediaRelay;
        private ClinicalRecords clinicalRecords = ClinicalRecords.NONE;
        private PatientRecords patientRecords = PatientRecords.NONE;

        public Builder options(SignalingOptions options) {
            this.options = options;
            return this;
        }

        /** The county; default: the seed file of the options, or the bundled demo county. */
        public Builder directory(Directory directory) {
            this.directory = directory;
            return this;
        }

        /** Shared state; default: Redis when the options name a URL, else memory. Not closed by the server. */
        public Builder stateStore(StateStore store) {
            this.store = store;
            return this;
        }

        /** Where domain events go (the FHIR adapter's outbox); default: nowhere. */
        public Builder eventSink(DomainEventSink sink) {
            this.sink = sink;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Default: a fresh Prometheus registry, scraped at GET /metrics. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** What admins see of clinical-record delivery (GET /api/admin/records); default: nothing. */
        public Builder clinicalRecords(ClinicalRecords clinicalRecords) {
            this.clinicalRecords = clinicalRecords;
            return this;
        }

        /** Patients' past consults and vitals (GET /api/patients/{id}/record); default: none (503). */
        public Builder patientRecords(PatientRecords patientRecords) {
            this.patientRecords = patientRecords;
            return this;
        }

        /** The media relay that answers media.* SDP exchanges; default: the in-process SFU. */
        public Builder mediaRelay(MediaRelay mediaRelay) {
            this.mediaRelay = mediaRelay;
            return this;
        }

        /** How often the engine's clock ticks (ring timeouts, grace); default 1 s. */
        public Builder tickPeriod(Duration tickPeriod) {
            this.tickPeriod = tickPeriod;
            return this;
        }

        public SignalingServer start() throws IOException {
            Directory dir = directory != null ? directory : loadDirectory(options);
            boolean ownsStore = store == null;
            StateStore st = store != null
                    ? store
                    : options.redisUrl() != null ? new RedisStateStore(options.redisUrl()) : new MemoryStateStore();
            MeterRegistry reg = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Vertx vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                    .withMetrics(new MicrometerMetricsFactory(reg))
                    .build();
            List<AutoCloseable> resources = new ArrayList<>();
            try {
                CallEngine engine = new CallEngine(
                        dir,
                        st,
                        sink,
                        new CallOptions(
                                options.ringTimeout(), options.gracePeriod(), CallOptions.DEFAULT_ENDED_RETENTION),
                        clock);
                SignalingMetrics metrics = new SignalingMetrics(reg);
                Access access = new Access(dir);
                Tokens tokens = new Tokens(
                        vertx,
                        jwtSecret(options),
                        options.accessTokenTtl(),
                        options.deviceTokenTtl(),
                        (deviceId, issuedAt) -> engine.pairing()
                                .revokedAt(deviceId)
                                .map(revokedAt -> !issuedAt.isAfter(revokedAt))
                                .orElse(false),
                        access::knows);
                Connections connections = new Connections();
                WebSocketGateway gateway = new WebSocketGateway(
                        vertx, options, new Protocol(), tokens, metrics, connections, st.nodeId(), access::nameOf);
                CallView view = new CallView(dir);
                CallMessages calls = new CallMessages(vertx, engine, view, dir);
                PresenceMessages presence = new PresenceMessages(vertx, engine.presence(), access);
                TvPairing pairing = new TvPairing(vertx, engine.pairing(), access, tokens);
                MediaRelay local = mediaRelay != null ? mediaRelay : inProcessRelay(vertx, options, reg, resources);
                MediaRelay relay = placed(local, vertx, engine, st, connections, metrics, resources);
                MediaMessages media = new MediaMessages(vertx, engine, relay, connections);
                calls.register(gateway);
                media.register(gateway);
                presence.register(gateway);
                pairing.register(gateway);
                new ConnectionLifecycle(vertx, engine, connections, view).register(gateway);

                HttpApiVerticle http = new HttpApiVerticle(
                        options,
                        access,
                        tokens,
                        engine,
                        calls,
                        view,
                        pairing,
                        gateway,
                        metrics,
                        clinicalRecords,
                        patientRecords,
                        clock);
                await(vertx.deployVerticle(
                        new ClusterRelayVerticle(engine, connections, view, presence, pairing, media)));
                await(vertx.deployVerticle(new CallClockVerticle(engine, tickPeriod)));
                await(vertx.deployVerticle(http));
                return new SignalingServer(vertx, engine, st, ownsStore, http, reg, dir, resources);
            } catch (RuntimeException | IOException e) {
                vertx.close();
                closeAll(resources);
                if (ownsStore) st.close();
                throw e;
            }
        }

        /**
         * On a store shared with other nodes, each call's media is held by one node and reached through it
         * (issue 10: members on two nodes each got a router of their own and no media). A store of this
         * JVM alone keeps the relay as it is: this node holds every call.
         */
        private static MediaRelay placed(
                MediaRelay relay,
                Vertx vertx,
                CallEngine engine,
                StateStore store,
                Connections connections,
                SignalingMetrics metrics,
                List<AutoCloseable> resources) {
            if (!store.sharedWithOtherNodes() || relay == MediaRelay.NONE) {
                return relay;
            }
            ClusterMediaRelay clustered = new ClusterMediaRelay(
                    vertx,
                    relay,
                    new MediaPlacement(store),
                    engine.bus(),
                    connections,
                    metrics,
                    ClusterMediaRelay.DEFAULT_OWNER_TIMEOUT);
            resources.add(clustered);
            return clustered;
        }

        /** The in-process SFU when the options ask for it (the default), else no media. */
        private static MediaRelay inProcessRelay(
                Vertx vertx, SignalingOptions options, MeterRegistry registry, List<AutoCloseable> resources) {
            if (!options.mediaEnabled()) {
                return MediaRelay.NONE;
            }
            MediaOptions media = MediaOptions.defaults()
                    .withBind(options.mediaBind(), options.mediaPort())
                    .withSegmentationOffload(options.mediaGso())
                    .withAdaptive(options.mediaAdaptive());
            if (options.mediaWorkers() > 0) {
                media = media.withWorkers(options.mediaWorkers());
            }
            if (options.mediaAdvertisedAddress() != null) {
                media = media.withAdvertisedAddress(options.mediaAdvertisedAddress());
            }
            org.ruralconsult.media.MediaRelay sfu = org.ruralconsult.media.MediaRelay.start(media);
            if (registry instanceof PrometheusMeterRegistry prometheus) {
                // media figures at /metrics, read from the workers once per scrape; gone before the relay
                MediaRelayMetrics collector = new MediaRelayMetrics(sfu);
                prometheus.getPrometheusRegistry().register(collector);
                resources.add(() -> prometheus.getPrometheusRegistry().unregister(collector));
            }
            resources.add(sfu);
            return new SfuMediaRelay(vertx, sfu);
        }

        private static void await(io.vertx.core.Future<?> future) throws IOException {
            try {
                future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting", e);
            } catch (Exception e) {
                throw new IOException("could not start: " + e.getMessage(), e);
            }
        }
    }

    static Directory loadDirectory(SignalingOptions options) throws IOException {
        return options.seedPath() != null
                ? DirectoryFile.load(options.seedPath())
                : DirectoryFile.loadResource(SignalingOptions.DEFAULT_SEED_RESOURCE);
    }

    /** The HS256 secret: from the options, else {@code jwt.secret} in the data directory (created once). */
    static String jwtSecret(SignalingOptions options) throws IOException {
        if (options.jwtSecret() != null) return options.jwtSecret();
        Path file = options.dataDir().resolve("jwt.secret");
        if (Files.exists(file)) return Files.readString(file).trim();
        Files.createDirectories(options.dataDir());
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getEncoder().encodeToString(bytes);
        Files.writeString(file, secret);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return secret;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("could not close {}", r, e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        SignalingOptions options;
        try {
            options = OptionsReader.read(args, System.getenv());
        } catch (OptionsReader.HelpRequested help) {
            System.out.print(help.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SignalingServer server = builder().options(options).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "signaling-shutdown"));
        System.out.println("Rural Consult signaling on " + (options.tls() ? "https" : "http") + "://" + options.host()
                + ":" + server.port() + " (node " + server.store.nodeId() + ")");
    }
}
