package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.mapping.RecordIds;

/**
 * A FHIR server that answers 200 to a transaction and then loses it (a crash before its own flush, a
 * restore from last night's backup): the outbox has marked the events delivered, and only the redeliver
 * window at the next start brings the record back.
 */
@ExtendWith(EmbeddedJpaServerExtension.class)
class RedeliverWindowTest {

    @Test
    void aStartSendsAgainWhatTheServerAcknowledgedAndLost(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("amnesia");
        Path dir = Files.createTempDirectory(Path.of("target"), "amnesia-");
        AtomicInteger acknowledged = new AtomicInteger();
        HttpServer amnesic = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        amnesic.createContext("/fhir", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                    "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            acknowledged.incrementAndGet();
        });
        amnesic.start();
        try (FhirAdapter first = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions()
                                .setDataDirectory(dir)
                                .setFhirBaseUrl("http://127.0.0.1:"
                                        + amnesic.getAddress().getPort() + "/fhir"),
                        new SimpleMeterRegistry())
                .start()) {
            new ConsultScript(county).threeWayConsult("call-amnesia").forEach(first::accept);
            Eventually.await("acknowledged", Duration.ofSeconds(30), () -> first.backlog() == 0);
        } finally {
            amnesic.stop(0);
        }
        assertTrue(acknowledged.get() >= 1, "answered 200 and kept nothing");
        String identifier = RecordIds.CALL_SYSTEM + "|call-amnesia";
        assertEquals(0, DeliveryGuaranteesTest.count(server, Encounter.class, "identifier", identifier));

        // The next start (default window: 10 minutes) sends the call again, now to a server that keeps it.
        try (FhirAdapter restarted = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions().setDataDirectory(dir).setFhirBaseUrl(server.baseUrl()),
                        new SimpleMeterRegistry())
                .start()) {
            Eventually.await(
                    "the record is back",
                    Duration.ofSeconds(60),
                    () -> restarted.backlog() == 0
                            && DeliveryGuaranteesTest.count(server, Encounter.class, "identifier", identifier) == 1);
            RecordCheck.Report check =
                    restarted.check(ConsultScript.START, ConsultScript.START.plus(Duration.ofDays(1)));
            assertEquals(1, check.complete(), check.toString());
            assertEquals(0, restarted.status().parkedCalls());
        }
        Encounter encounter = server.client()
                .read()
                .resource(Encounter.class)
                .withId(RecordIds.encounter("call-amnesia"))
                .execute();
        assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());
        assertEquals(
                Instant.parse("2026-11-20T02:16:05Z"),
                encounter.getPeriod().getEnd().toInstant());
    }
}
