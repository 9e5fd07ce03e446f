package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.ruralconsult.fhir.mapping.RecordIds;

/**
 * The default run (disk outbox, embedded HAPI JPA server on H2, one JVM) killed with SIGKILL at random
 * moments while it delivers, {@link #ROUNDS} times on the same data directory; then a last run drains the
 * outbox. Every consult accepted in any round is in the FHIR server exactly once and complete.
 *
 * <p>The children run with the redeliver window off, so that this proves the embedded server itself
 * durable on commit: before H2 got {@code WRITE_DELAY=0}, a bundle the server had answered 200 to could
 * vanish with the kill while the outbox had marked it delivered (issue 10). With the window on, as by
 * default, a start sends the last minutes again on top of that.
 */
class KillNineEmbeddedTest {
    static final int ROUNDS = Integer.getInteger("killNine.rounds", 20);
    private static final int CONSULTS_PER_ROUND = 6;
    /** Two bundles in: the server is committing one transaction after another when the kill comes. */
    private static final int DELIVERED_BEFORE_KILL = 26;

    @Test
    void killedAtRandomMomentsOfDeliveryTheDefaultRunLosesAndDuplicatesNothing() throws Exception {
        long seed = Long.getLong("killNine.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory(Path.of("target"), "kill-nine-");
        int port = EmbeddedJpaServerExtension.freePort();
        List<String> accepted = new ArrayList<>();
        List<String> timeline = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            DeliveringNodeProcess child = child(dir, port, "kill-" + round, CONSULTS_PER_ROUND);
            try {
                child.awaitDelivered(DELIVERED_BEFORE_KILL, Duration.ofMinutes(3));
                long delay = random.nextInt(250);
                Thread.sleep(delay);
                assertEquals(137, child.kill(), "killed by SIGKILL");
                List<String> mine = child.accepted();
                accepted.addAll(mine);
                timeline.add("round " + round + ": killed " + delay + " ms after delivering " + DELIVERED_BEFORE_KILL
                        + " events, " + mine.size() + " consults accepted, " + child.lastDelivered()
                        + " events delivered");
            } finally {
                child.process.destroyForcibly();
            }
        }
        System.out.println("seed " + seed + "\n" + String.join("\n", timeline));

        DeliveringNodeProcess last = child(dir, port, "kill-last", 0);
        try {
            assertEquals("DRAINED 0", last.await("DRAINED", Duration.ofMinutes(5)), "nothing parked");
            // CHECKED checked complete pending findings: the adapter's own check against the server.
            String checked = last.await("CHECKED", Duration.ofMinutes(5));
            String[] f = checked.split(" ");
            assertEquals(f[1], f[2], "every consult the outbox holds is complete in the server: " + last.findings());
            assertTrue(Integer.parseInt(f[1]) >= accepted.size(), checked + " for " + accepted.size());

            // And the test's own look, over HTTP, independent of the adapter's check.
            FhirContext fhir = FhirContext.forR4();
            fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
            IGenericClient client = fhir.newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");
            for (String callId : accepted) {
                String encounterRef = "Encounter/" + RecordIds.encounter(callId);
                assertEquals(
                        1, count(client, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|" + callId), callId);
                Encounter encounter = client.read()
                        .resource(Encounter.class)
                        .withId(RecordIds.encounter(callId))
                        .execute();
                assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus(), callId);
                assertEquals(2, encounter.getParticipant().size(), callId);
                assertTrue(encounter.getPeriod().hasEnd(), callId);
                assertEquals(3, count(client, Observation.class, "encounter", encounterRef), callId);
                assertEquals(1, count(client, ClinicalImpression.class, "encounter", encounterRef), callId);
            }
        } finally {
            last.process.destroyForcibly();
            last.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A {@link DeliveringNode} in the default configuration: disk outbox, embedded server. */
    private static DeliveringNodeProcess child(Path dir, int port, String prefix, int consults) throws Exception {
        return DeliveringNodeProcess.start(
                "768m",
                dir.toString(),
                "-",
                "-",
                "-",
                Integer.toString(port),
                "node-embedded",
                "killnine",
                prefix,
                Integer.toString(consults),
                "0");
    }

    private static int count(IGenericClient client, Class<? extends Resource> type, String param, String value) {
        return client.search()
                .forResource(type)
                .whereMap(Map.of(param, List.of(value)))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }
}
