package org.ruralconsult.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.fhir.FhirAdapterOptions;
import org.ruralconsult.signaling.config.OptionsReader;
import org.ruralconsult.signaling.config.SignalingOptions;

/**
 * The whole system on one machine: the signaling server with the in-process media relay, and the FHIR
 * adapter delivering to an embedded HAPI FHIR JPA server (or the hospital's, with {@code --fhir-url}).
 * The embedded FHIR server starts in the background: calls work at once and records catch up.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        ServerOptions serverOptions;
        SignalingOptions options;
        try {
            serverOptions = ServerOptions.parse(args, System.getenv());
            options = OptionsReader.read(serverOptions.signalingArgs(), System.getenv());
        } catch (OptionsReader.HelpRequested help) {
            System.out.print(help.getMessage());
            System.out.print(ServerOptions.HELP);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SystemNode node = SystemNode.start(options, serverOptions);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        printWelcome(node, options);
    }

    private static void printWelcome(SystemNode node, SignalingOptions options) {
        String base = (options.tls() ? "https" : "http") + "://" + options.host() + ":"
                + node.signaling().port();
        Directory directory = node.signaling().directory();
        StringBuilder out = new StringBuilder();
        out.append("\nRural Consult is running.\n");
        out.append("  Console (doctors, experts, care-home staff, admin): ")
                .append(base)
                .append("/\n");
        out.append("  API description:  ").append(base).append("/api/openapi.yaml\n");
        out.append("  Health, metrics:  ")
                .append(base)
                .append("/health  ")
                .append(base)
                .append("/metrics\n");
        out.append("  FHIR records:     ").append(node.fhir().fhirBaseUrl());
        out.append(node.fhir().embeddedServer().isPresent() ? "  (embedded; ready in about a minute)\n" : "\n");
        // The TV's window (the elder's full-screen app, windowed for a demo, with the labelled test picture
        // and tone: --devices box takes this machine's camera and microphone) and its terminal twin; both
        // need tv-client packaged (scripts/run.sh does), from the repository root.
        out.append("  TV (window):      java -cp \"tv-client/target/classes:$(cat tv-client/target/classpath.txt)\""
                        + " org.ruralconsult.tv.fx.TvFxMain --windowed --devices synthetic --server ")
                .append(base)
                .append("\n");
        out.append("  TV (terminal):    java -cp \"tv-client/target/classes:$(cat tv-client/target/classpath.txt)\""
                        + " org.ruralconsult.tv.TvMain --server ")
                .append(base)
                .append("\n");
        if (options.seedPath() == null) {
            out.append("\nDemo logins (password consult2026):\n");
            for (Role role : Role.values()) {
                directory.practitioners().stream()
                        .filter(p -> p.role() == role)
                        .sorted((a, b) -> a.login().compareTo(b.login()))
                        .forEach(p -> out.append(
                                String.format("  %-16s %-10s %s%n", role.name().toLowerCase(), p.login(), p.name())));
            }
        }
        System.out.println(out);
    }

    /** For the FHIR adapter: its own folder under the data directory. */
    static FhirAdapterOptions fhirOptions(SignalingOptions options, ServerOptions serverOptions) {
        return new FhirAdapterOptions()
                .setDataDirectory(options.dataDir().resolve("fhir"))
                .setFhirBaseUrl(serverOptions.fhirUrl())
                .setAuthorizationHeader(serverOptions.fhirAuthorization())
                .setEmbeddedPort(serverOptions.embeddedFhirPort())
                .setNodeId(serverOptions.nodeId())
                .setRedisUri(options.redisUrl());
    }

    static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
