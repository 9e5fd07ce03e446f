package org.ruralconsult.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.fhir.FhirAdapter;
import org.ruralconsult.signaling.SignalingServer;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.directory.DirectoryFile;

/** One running node of the whole system, started in dependency order and closed in reverse. */
public final class SystemNode implements AutoCloseable {
    private final FhirAdapter fhir;
    private final SignalingServer signaling;

    private SystemNode(FhirAdapter fhir, SignalingServer signaling) {
        this.fhir = fhir;
        this.signaling = signaling;
    }

    public static SystemNode start(SignalingOptions options, ServerOptions serverOptions) throws IOException {
        Directory directory = options.seedPath() != null
                ? DirectoryFile.load(options.seedPath())
                : DirectoryFile.loadResource(SignalingOptions.DEFAULT_SEED_RESOURCE);
        PrometheusMeterRegistry registry = Main.registry();
        FhirAdapter fhir = new FhirAdapter(directory, Main.fhirOptions(options, serverOptions), registry).start();
        try {
            SignalingServer signaling = SignalingServer.builder()
                    .options(options)
                    .directory(directory)
                    .eventSink(fhir)
                    .clinicalRecords(new FhirClinicalRecords(fhir))
                    .patientRecords(new FhirPatientRecords(fhir))
                    .meterRegistry(registry)
                    .start();
            return new SystemNode(fhir, signaling);
        } catch (IOException | RuntimeException e) {
            fhir.close();
            throw e;
        }
    }

    public FhirAdapter fhir() {
        return fhir;
    }

    public SignalingServer signaling() {
        return signaling;
    }

    @Override
    public void close() {
        signaling.close();
        fhir.close();
    }
}
