package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServer;
import org.ruralconsult.fhir.embedded.EmbeddedFhirServerOptions;

/**
 * One real HAPI FHIR JPA server for the whole test run (it takes tens of seconds to start): kept in
 * the root context's store, closed by JUnit when the run ends.
 */
public final class EmbeddedJpaServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedJpaServerExtension.class);

    /** The running server and a client for the tests' own searches. */
    public static final class JpaServer implements AutoCloseable {
        private final EmbeddedFhirServer server;
        private final FhirContext fhir = FhirContext.forR4();
        private final long startupMillis;

        JpaServer() {
            try {
                Path dir = Files.createTempDirectory(Path.of("target"), "jpa-");
                long t0 = System.nanoTime();
                server = new EmbeddedFhirServer(new EmbeddedFhirServerOptions("127.0.0.1", freePort(), dir)).start();
                server.awaitReady(Duration.ofMinutes(4));
                startupMillis = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("embedded JPA server ready in " + startupMillis + " ms at " + server.baseUrl());
            } catch (Exception e) {
                throw new IllegalStateException("embedded JPA server did not start", e);
            }
            fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        }

        public String baseUrl() {
            return server.baseUrl();
        }

        public int port() {
            return Integer.parseInt(baseUrl().replaceAll(".*:(\\d+)/fhir$", "$1"));
        }

        public IGenericClient client() {
            return fhir.newRestfulGenericClient(baseUrl());
        }

        public FhirContext fhir() {
            return fhir;
        }

        public long startupMillis() {
            return startupMillis;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == JpaServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(JpaServer.class, key -> new JpaServer(), JpaServer.class);
    }
}
