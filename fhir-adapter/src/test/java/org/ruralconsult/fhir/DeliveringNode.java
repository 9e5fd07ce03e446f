package org.ruralconsult.fhir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServer;

/**
 * A child JVM for the kill -9 tests: one node of the system as far as clinical records go. It accepts
 * whole consults into its outbox and reports on stdout what it has done, until the parent kills it.
 *
 * <p>Lines: {@code ACCEPTED <callId>} once every event of a consult is accepted (durable), {@code
 * DELIVERED <n>} whenever its delivered-events counter moves, {@code LEADING} once it holds the delivery
 * lease, {@code DRAINED <parked calls>} once its backlog is empty, then {@code CHECKED <checked> <complete>
 * <pending> <findings>} once the record check of {@link ConsultScript}'s days has run.
 *
 * <p>Arguments: data directory, Redis URI or "-", stream key, FHIR base URL or "-" (embedded server),
 * embedded port, node id, county suffix, call id prefix, consults, redeliver window in seconds.
 */
public final class DeliveringNode {
    private DeliveringNode() {}

    public static void main(String[] args) throws Exception {
        FhirAdapterOptions options = new FhirAdapterOptions()
                .setDataDirectory(Path.of(args[0]))
                .setEmbeddedPort(Integer.parseInt(args[4]))
                .setNodeId(args[5])
                .setRedeliverWindow(Duration.ofSeconds(Long.parseLong(args[9])))
                .setDeliveryLease(Duration.ofSeconds(1))
                .setInitialBackoff(Duration.ofMillis(100))
                .setMaxBackoff(Duration.ofMillis(500));
        if (!args[1].equals("-")) options.setRedisUri(args[1]).setRedisStreamKey(args[2]);
        if (!args[3].equals("-")) options.setFhirBaseUrl(args[3]);
        TestCounty county = TestCounty.withSuffix(args[6]);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        FhirAdapter adapter = new FhirAdapter(county.directory(), options, metrics).start();
        Thread reporter = new Thread(() -> report(adapter, metrics, args[5]), "reporter");
        reporter.setDaemon(true);
        reporter.start();

        ConsultScript script = new ConsultScript(county);
        int consults = Integer.parseInt(args[8]);
        for (int i = 0; i < consults; i++) {
            String callId = args[7] + "-" + i;
            for (DomainEvent event : script.threeWayConsult(callId)) adapter.accept(event);
            say("ACCEPTED " + callId);
            // The first half waits in the outbox; the rest arrive while deliveries are under way.
            if (i >= consults / 2) {
                while (metrics.counter("fhir.outbox.delivered").count() == 0) Thread.sleep(10);
                Thread.sleep(30);
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void report(FhirAdapter adapter, SimpleMeterRegistry metrics, String node) {
        double delivered = 0;
        boolean leading = false;
        boolean drained = false;
        while (true) {
            double now = metrics.counter("fhir.outbox.delivered").count();
            if (now != delivered) {
                delivered = now;
                say("DELIVERED " + (long) now);
            }
            OutboxStatus status = adapter.status();
            if (!leading && node.equals(status.deliveringNode())) {
                leading = true;
                say("LEADING");
            }
            boolean serverReady =
                    adapter.embeddedServer().map(EmbeddedFhirServer::isReady).orElse(delivered > 0);
            if (!drained && serverReady && status.backlog() == 0) {
                drained = true;
                Instant from = ConsultScript.START.minus(Duration.ofDays(1));
                say("DRAINED " + status.parkedCalls());
                RecordCheck.Report check = adapter.check(from, from.plus(Duration.ofDays(3)));
                say("CHECKED " + check.checked() + " " + check.complete() + " " + check.pending() + " "
                        + check.findings().size());
                check.findings().forEach(f -> say("FINDING " + f));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
