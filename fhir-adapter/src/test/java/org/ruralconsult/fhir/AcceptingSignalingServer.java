package org.ruralconsult.fhir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.ruralconsult.domain.event.DomainEvent;

/**
 * The child JVM of {@link CrashRecoveryTest}: stands in for the signaling server. It accepts a whole
 * consult into the disk outbox, with delivery pointed at a port where nothing listens, says so on
 * stdout, and waits to be killed.
 *
 * <p>Arguments: data directory, county suffix, call id, unreachable FHIR base URL.
 */
public final class AcceptingSignalingServer {
    private AcceptingSignalingServer() {}

    public static void main(String[] args) throws Exception {
        TestCounty county = TestCounty.withSuffix(args[1]);
        FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions()
                                .setDataDirectory(Path.of(args[0]))
                                .setFhirBaseUrl(args[3]),
                        new SimpleMeterRegistry())
                .start();
        int accepted = 0;
        for (DomainEvent event : new ConsultScript(county).threeWayConsult(args[2])) {
            adapter.accept(event);
            accepted++;
        }
        // accept() has returned for every event: each is fsync'd. Only now may the parent kill us.
        System.out.println("ACCEPTED " + accepted + " BACKLOG " + adapter.backlog());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
