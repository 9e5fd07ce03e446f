package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.mapping.RecordIds;

/**
 * The default run: no FHIR URL configured, so the adapter boots its own JPA server in the background.
 * Events accepted before it is ready wait in the outbox and arrive once it is up.
 */
class EmbeddedModeTest {

    @Test
    void eventsAcceptedWhileTheEmbeddedServerBootsArriveOnceItIsReady() throws Exception {
        TestCounty county = TestCounty.withSuffix("embedded");
        List<DomainEvent> events = new ConsultScript(county).threeWayConsult("call-embedded");
        int port = EmbeddedJpaServerExtension.freePort();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions()
                                .setDataDirectory(Files.createTempDirectory(Path.of("target"), "embedded-"))
                                .setEmbeddedPort(port)
                                .setInitialBackoff(Duration.ofMillis(200))
                                .setMaxBackoff(Duration.ofSeconds(2)),
                        metrics)
                .start()) {
            for (DomainEvent event : events) adapter.accept(event);
            assertFalse(adapter.embeddedServer().orElseThrow().isReady(), "accepted before the server is up");
            assertEquals(events.size(), adapter.backlog());
            assertEquals("http://127.0.0.1:" + port + "/fhir", adapter.fhirBaseUrl());

            Eventually.await("delivery to the embedded server", Duration.ofMinutes(3), () -> adapter.backlog() == 0);
            assertTrue(metrics.counter("fhir.outbox.retried").count() > 0, "it retried while the server booted");
            Encounter encounter = FhirContext.forR4()
                    .newRestfulGenericClient(adapter.fhirBaseUrl())
                    .read()
                    .resource(Encounter.class)
                    .withId(RecordIds.encounter("call-embedded"))
                    .execute();
            assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());
        }
    }
}
