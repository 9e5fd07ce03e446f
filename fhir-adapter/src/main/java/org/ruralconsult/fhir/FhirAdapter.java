package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.DomainEventSink;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServer;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServerOptions;
import org.ruralconsult.fhir.mapping.ConsultBundleFactory;
import org.ruralconsult.fhir.outbox.ConsultOutbox;
import org.ruralconsult.fhir.outbox.DiskOutboxLog;
import org.ruralconsult.fhir.outbox.OutboxCodec;
import org.ruralconsult.fhir.outbox.OutboxLog;
import org.ruralconsult.fhir.outbox.ParkedCall;
import org.ruralconsult.fhir.outbox.RedisStreamOutboxLog;

/**
 * The clinical record of every consult: takes domain events, keeps them in a durable outbox, and
 * delivers them to a FHIR R4 server as transaction bundles, in order per call, until they are committed.
 *
 * <pre>{@code
 * FhirAdapter fhir = new FhirAdapter(directory, new FhirAdapterOptions().setDataDirectory(dir), registry).start();
 * signaling.setEventSink(fhir);     // accept() returns once the event is on disk (or in Redis)
 * fhir.parked();                    // for the admin page
 * fhir.close();
 * }</pre>
 */
public final class FhirAdapter implements DomainEventSink, AutoCloseable {
    private final Directory directory;
    private final FhirAdapterOptions options;
    private final MeterRegistry registry;
    private final Clock clock;
    private ConsultOutbox outbox;
    private EmbeddedFhirServer embedded;
    private BundleDelivery delivery;
    private DeliveryLease lease;
    private Thread deliveryThread;
    private RecordCheck recordCheck;
    private PatientRecordReader records;

    public FhirAdapter(Directory directory, FhirAdapterOptions options, MeterRegistry registry) {
        this(directory, options, registry, Clock.systemUTC());
    }

    FhirAdapter(Directory directory, FhirAdapterOptions options, MeterRegistry registry, Clock clock) {
        this.directory = Objects.requireNonNull(directory);
        this.options = Objects.requireNonNull(options);
        this.registry = Objects.requireNonNull(registry);
        this.clock = clock;
    }

    /**
     * Opens the outbox (replaying what a previous run left), starts the embedded FHIR server when no
     * base URL is configured (in the background: events are accepted at once and delivered once it is
     * up), and starts delivering.
     */
    public synchronized FhirAdapter start() {
        if (outbox != null) throw new IllegalStateException("already started");
        OutboxCodec codec = new OutboxCodec();
        OutboxLog log = options.getRedisUri() != null
                ? new RedisStreamOutboxLog(options.getRedisUri(), options.getRedisStreamKey(), codec)
                : new DiskOutboxLog(options.getDataDirectory().resolve("outbox"), codec);
        outbox = new ConsultOutbox(log);
        outbox.follow();
        String node = options.getNodeId();
        lease = options.getRedisUri() != null
                ? new RedisDeliveryLease(
                        options.getRedisUri(),
                        options.getRedisStreamKey() + ":delivery-lease",
                        node,
                        options.getDeliveryLease())
                : DeliveryLease.sole(node);
        FhirServerBreaker breaker =
                new FhirServerBreaker(new RetrySchedule(options.getInitialBackoff(), options.getMaxBackoff()));
        OutboxMetrics metrics = new OutboxMetrics(registry, outbox, breaker);
        String baseUrl = options.getFhirBaseUrl();
        if (baseUrl == null && options.getRedisUri() != null) {
            // Each node would deliver to its own embedded server while the lease moves between nodes.
            org.slf4j.LoggerFactory.getLogger(FhirAdapter.class)
                    .warn("a Redis outbox shared by several nodes needs one FHIR server for all of them: set its URL");
        }
        if (baseUrl == null) {
            embedded = new EmbeddedFhirServer(new EmbeddedFhirServerOptions(
                            EmbeddedFhirServerOptions.DEFAULT_HOST,
                            options.getEmbeddedPort(),
                            options.getDataDirectory().resolve("fhir")))
                    .start();
        }
        EmbeddedFhirServer server = embedded;
        FhirContext fhir = FhirContext.forR4();
        HapiBundleSender sender = new HapiBundleSender(fhir, options);
        ConsultBundleFactory bundles = new ConsultBundleFactory(directory);
        delivery = new BundleDelivery(
                outbox,
                bundles,
                sender,
                fhir,
                server != null ? server::baseUrl : () -> baseUrl,
                options,
                breaker,
                metrics,
                clock,
                lease);
        Gauge.builder("fhir.outbox.in.flight", delivery, BundleDelivery::inFlight)
                .description("events in the bundle this node is sending right now")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("fhir.outbox.delivering", delivery, d -> d.delivering() ? 1 : 0)
                .description("1 while this node holds the delivery lease (one node of a shared outbox delivers)")
                .register(registry);
        // Delivery and the record check share the client and the mapping (both stateless between calls).
        recordCheck = new RecordCheck(outbox, bundles, sender, fhir);
        records = new PatientRecordReader(sender::client, server != null ? server::baseUrl : () -> baseUrl);
        deliveryThread = new Thread(delivery, "fhir-outbox-delivery");
        deliveryThread.setDaemon(true);
        deliveryThread.start();
        return this;
    }

    /** Stores the event durably (fsync'd to disk, or in Redis) and returns; a duplicate is dropped. */
    @Override
    public void accept(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        started().store(event);
    }

    /** Calls whose bundle the FHIR server rejected for good, oldest first, with the server's reason. */
    public List<ParkedCall> parked() {
        return started().parked();
    }

    /** Tries a parked call again (after the cause was fixed); false when it was not parked. */
    public boolean retryParked(String callId) {
        return started().release(callId, clock.instant());
    }

    /** Events accepted and not yet committed by the FHIR server (parked ones included). */
    public long backlog() {
        return started().backlog();
    }

    /**
     * What the operator needs to see the truth: backlog, the bundle in flight, parked calls, which node
     * delivers and when each node last delivered (every node of a shared outbox sees all of it).
     */
    public OutboxStatus status() {
        ConsultOutbox o = started();
        return new OutboxStatus(
                options.getNodeId(),
                lease.holder().orElse(null),
                o.backlog(),
                delivery.inFlight(),
                o.parkedCount(),
                o.lastDeliveredByNode());
    }

    /**
     * Compares the outbox with the FHIR server for the calls that ended in {@code [from, to)}: reads every
     * resource each call's record should hold and reports the calls whose record is missing or differs.
     */
    public RecordCheck.Report check(Instant from, Instant to) {
        started();
        return recordCheck.check(fhirBaseUrl(), from, to);
    }

    /** Reads patients' consults and vitals back from the FHIR server (the browser app's patient page). */
    public PatientRecordReader records() {
        started();
        return records;
    }

    /** The embedded server when this adapter runs one. */
    public Optional<EmbeddedFhirServer> embeddedServer() {
        return Optional.ofNullable(embedded);
    }

    /** Where bundles go. */
    public String fhirBaseUrl() {
        return embedded != null ? embedded.baseUrl() : options.getFhirBaseUrl();
    }

    private synchronized ConsultOutbox started() {
        if (outbox == null) throw new IllegalStateException("FhirAdapter not started");
        return outbox;
    }

    /** Stops delivering (undelivered events stay in the outbox for the next start) and the embedded server. */
    @Override
    public synchronized void close() {
        if (delivery != null) {
            delivery.stop();
            try {
                deliveryThread.join(options.getSocketTimeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lease != null) lease.close();
        if (outbox != null) outbox.close();
        if (embedded != null) embedded.close();
    }
}
