package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.mapping.RecordIds;

/** SIGKILL after accept, before delivery: the next run on the same data directory delivers, once. */
@ExtendWith(EmbeddedJpaServerExtension.class)
class CrashRecoveryTest {

    @Test
    void eventsAcceptedBeforeSigkillAreDeliveredAfterRestartExactlyOnce(JpaServer server) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "crash-");
        String unreachable = "http://127.0.0.1:" + EmbeddedJpaServerExtension.freePort() + "/fhir";
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        classpath,
                        AcceptingSignalingServer.class.getName(),
                        dir.toString(),
                        "crash",
                        "call-crash",
                        unreachable)
                .redirectErrorStream(true)
                .start();
        String accepted = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACCEPTED")) {
                    accepted = line;
                    break;
                }
            }
            assertNotNull(accepted, "child JVM never accepted the events");
            assertTrue(child.isAlive());
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
        assertEquals("ACCEPTED 13 BACKLOG 13", accepted);
        assertEquals(
                0,
                DeliveryGuaranteesTest.count(
                        server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|call-crash"));

        TestCounty county = TestCounty.withSuffix("crash");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (FhirAdapter restarted = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions().setDataDirectory(dir).setFhirBaseUrl(server.baseUrl()),
                        metrics)
                .start()) {
            assertTrue(restarted.backlog() > 0
                    || metrics.counter("fhir.outbox.delivered").count() > 0);
            Eventually.await("delivery after restart", Duration.ofSeconds(60), () -> restarted.backlog() == 0);
            assertEquals(13.0, metrics.counter("fhir.outbox.delivered").count());
        }
        assertEquals(
                1,
                DeliveryGuaranteesTest.count(
                        server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|call-crash"));
        assertEquals(
                3,
                DeliveryGuaranteesTest.count(
                        server, Observation.class, "encounter", "Encounter/" + RecordIds.encounter("call-crash")));
        Encounter encounter = server.client()
                .read()
                .resource(Encounter.class)
                .withId(RecordIds.encounter("call-crash"))
                .execute();
        assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());

        // A third run replays the "delivered" markers: nothing is sent again (with the redeliver window
        // off: by default a start sends the last minutes again, which RedeliverWindowTest covers).
        try (FhirAdapter third = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions()
                                .setDataDirectory(dir)
                                .setFhirBaseUrl(server.baseUrl())
                                .setRedeliverWindow(Duration.ZERO),
                        new SimpleMeterRegistry())
                .start()) {
            assertEquals(0, third.backlog());
            assertFalse(third.parked().iterator().hasNext());
        }
    }
}
