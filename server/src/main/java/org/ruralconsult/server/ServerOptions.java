package org.ruralconsult.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of the whole-system run that belong to no single module: where clinical records go.
 * Everything else is passed on to the signaling server's own options (see {@code --help}).
 *
 * <p>Each option is a flag ({@code --fhir-url URL} or {@code --fhir-url=URL}) or an environment variable
 * ({@code RC_FHIR_URL}); the flag wins.
 */
public final class ServerOptions {
    /** Null: embed a HAPI FHIR JPA server ({@link #DEFAULT_EMBEDDED_FHIR_PORT}). */
    public static final String DEFAULT_FHIR_URL = null;

    public static final int DEFAULT_EMBEDDED_FHIR_PORT = 8090;

    static final String HELP =
            """
            Clinical records (this run):
              --fhir-url URL         FHIR R4 base URL of the hospital's server (env RC_FHIR_URL);
                                     default: an embedded HAPI FHIR JPA server
              --fhir-auth HEADER     Authorization header value for that server (env RC_FHIR_AUTH)
              --fhir-port PORT       port of the embedded FHIR server (env RC_FHIR_PORT, default 8090)
              --node-id NAME         this node's name in record delivery (env RC_NODE_ID; unique among
                                     the nodes that share a Redis; default: host name and process id)
            """;

    private String fhirUrl = DEFAULT_FHIR_URL;
    private String fhirAuthorization;
    private int embeddedFhirPort = DEFAULT_EMBEDDED_FHIR_PORT;
    private String nodeId;
    private final List<String> rest = new ArrayList<>();

    public static ServerOptions parse(String[] args, Map<String, String> env) {
        ServerOptions o = new ServerOptions();
        o.fhirUrl = env.getOrDefault("RC_FHIR_URL", DEFAULT_FHIR_URL);
        o.fhirAuthorization = env.get("RC_FHIR_AUTH");
        o.nodeId = env.get("RC_NODE_ID");
        if (env.containsKey("RC_FHIR_PORT")) {
            o.embeddedFhirPort = Integer.parseInt(env.get("RC_FHIR_PORT"));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean ours = name.equals("--fhir-url")
                    || name.equals("--fhir-auth")
                    || name.equals("--fhir-port")
                    || name.equals("--node-id");
            if (!ours) {
                o.rest.add(arg);
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--fhir-url" -> o.fhirUrl = value;
                case "--fhir-auth" -> o.fhirAuthorization = value;
                case "--node-id" -> o.nodeId = value;
                default -> o.embeddedFhirPort = Integer.parseInt(value);
            }
        }
        return o;
    }

    public String fhirUrl() {
        return fhirUrl;
    }

    public String fhirAuthorization() {
        return fhirAuthorization;
    }

    public int embeddedFhirPort() {
        return embeddedFhirPort;
    }

    /**
     * This node's name in record delivery: who holds the delivery lease and who delivered last, shown to
     * admins. Null: the FHIR adapter's default (host name and process id), unique per process.
     */
    public String nodeId() {
        return nodeId;
    }

    /** The arguments for the signaling server. */
    public String[] signalingArgs() {
        return rest.toArray(String[]::new);
    }
}
