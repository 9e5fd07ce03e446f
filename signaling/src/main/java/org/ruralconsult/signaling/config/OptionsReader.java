package org.ruralconsult.signaling.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Reads {@link SignalingOptions} from, in increasing precedence: a properties file ({@code --config} or
 * {@code RC_CONFIG}), environment variables ({@code RC_*}), then command-line flags ({@code --name value}
 * or {@code --name=value}).
 */
public final class OptionsReader {

    /** One option: the flag name (also the config-file key), its environment variable and help. */
    private record Option(String name, String help, BiConsumer<SignalingOptions, String> apply) {
        String env() {
            return "RC_" + name.toUpperCase().replace('-', '_');
        }
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("host", "bind address (default " + SignalingOptions.DEFAULT_HOST + ")", (o, v) -> o.host(v)),
            new Option(
                    "port",
                    "HTTP/WebSocket port, 0 = any free port (default " + SignalingOptions.DEFAULT_PORT + ")",
                    (o, v) -> o.port(Integer.parseInt(v))),
            new Option(
                    "tls-cert",
                    "PEM certificate chain; with tls-key turns on HTTPS/WSS",
                    (o, v) -> o.tlsCertPath(Path.of(v))),
            new Option("tls-key", "PEM private key (PKCS#8)", (o, v) -> o.tlsKeyPath(Path.of(v))),
            new Option(
                    "redis-url",
                    "redis://host:port for shared state across nodes (default: in memory, one node)",
                    (o, v) -> o.redisUrl(v)),
            new Option(
                    "data-dir",
                    "directory for the JWT secret and local state (default " + SignalingOptions.DEFAULT_DATA_DIR + ")",
                    (o, v) -> o.dataDir(Path.of(v))),
            new Option(
                    "seed",
                    "county directory JSON file (default: the bundled demo county)",
                    (o, v) -> o.seedPath(Path.of(v))),
            new Option(
                    "jwt-secret",
                    "HS256 secret shared by all nodes (default: data-dir/jwt.secret, created if absent)",
                    (o, v) -> o.jwtSecret(v)),
            new Option(
                    "ring-timeout",
                    "seconds a call rings before it is missed (default "
                            + SignalingOptions.DEFAULT_RING_TIMEOUT.toSeconds() + ")",
                    (o, v) -> o.ringTimeout(seconds(v))),
            new Option(
                    "grace-period",
                    "seconds a dropped participant may reconnect and rejoin (default "
                            + SignalingOptions.DEFAULT_GRACE_PERIOD.toSeconds() + ")",
                    (o, v) -> o.gracePeriod(seconds(v))),
            new Option(
                    "ping-interval",
                    "seconds between the server's WebSocket pings (default "
                            + SignalingOptions.DEFAULT_PING_INTERVAL.toSeconds() + ")",
                    (o, v) -> o.pingInterval(seconds(v))),
            new Option(
                    "idle-timeout",
                    "seconds of silence (no message, no pong) before a connection counts as dropped (default "
                            + SignalingOptions.DEFAULT_IDLE_TIMEOUT.toSeconds() + ")",
                    (o, v) -> o.idleTimeout(seconds(v))),
            new Option(
                    "access-token-ttl",
                    "seconds a login token lives (default " + SignalingOptions.DEFAULT_ACCESS_TOKEN_TTL.toSeconds()
                            + ")",
                    (o, v) -> o.accessTokenTtl(seconds(v))),
            new Option(
                    "device-token-ttl",
                    "seconds a TV device token lives (default " + SignalingOptions.DEFAULT_DEVICE_TOKEN_TTL.toSeconds()
                            + ")",
                    (o, v) -> o.deviceTokenTtl(seconds(v))),
            new Option(
                    "max-message-bytes",
                    "largest WebSocket message accepted (default " + SignalingOptions.DEFAULT_MAX_MESSAGE_BYTES + ")",
                    (o, v) -> o.maxMessageBytes(Integer.parseInt(v))),
            new Option(
                    "rate-per-second",
                    "messages per second per connection (default " + SignalingOptions.DEFAULT_RATE_PER_SECOND + ")",
                    (o, v) -> o.ratePerSecond(Double.parseDouble(v))),
            new Option(
                    "rate-burst",
                    "burst size of the per-connection token bucket (default " + SignalingOptions.DEFAULT_RATE_BURST
                            + ")",
                    (o, v) -> o.rateBurst(Integer.parseInt(v))),
            new Option(
                    "media",
                    "run the in-process media relay: true or false (default " + SignalingOptions.DEFAULT_MEDIA_ENABLED
                            + ")",
                    (o, v) -> o.mediaEnabled(Boolean.parseBoolean(v))),
            new Option(
                    "media-bind",
                    "address the media UDP sockets bind to (default " + SignalingOptions.DEFAULT_MEDIA_BIND + ")",
                    (o, v) -> o.mediaBind(v)),
            new Option(
                    "media-port",
                    "first media UDP port; worker i uses port + i; 0 = any free ports (default "
                            + SignalingOptions.DEFAULT_MEDIA_PORT + ")",
                    (o, v) -> o.mediaPort(Integer.parseInt(v))),
            new Option(
                    "media-workers",
                    "media relay workers, one UDP port each; 0 = one per core (default "
                            + SignalingOptions.DEFAULT_MEDIA_WORKERS + ")",
                    (o, v) -> o.mediaWorkers(Integer.parseInt(v))),
            new Option(
                    "media-advertised-address",
                    "address put in media SDP candidates, for a server behind 1:1 NAT (default: the bind address)",
                    (o, v) -> o.mediaAdvertisedAddress(v)),
            new Option(
                    "media-gso",
                    "send runs of same-size datagrams to one peer as one UDP GSO send: true or false (default "
                            + SignalingOptions.DEFAULT_MEDIA_GSO + ")",
                    (o, v) -> o.mediaGso(Boolean.parseBoolean(v))),
            new Option(
                    "media-adaptive",
                    "adapt each member's media to their link (simulcast layer per subscriber, bandwidth estimation,"
                            + " video paused before audio): true or false (default "
                            + SignalingOptions.DEFAULT_MEDIA_ADAPTIVE + "; false only to measure without it)",
                    (o, v) -> o.mediaAdaptive(Boolean.parseBoolean(v))),
            new Option(
                    "allowed-origins",
                    "comma-separated browser origins (https://host[:port]) besides this server's own that may open"
                            + " the WebSocket and get CORS replies (default: none, same origin only)",
                    (o, v) -> o.allowedOrigins(List.of(v.split(",")).stream()
                            .map(String::trim)
                            .filter(x -> !x.isEmpty())
                            .toList())));

    /** Thrown when the user asked for --help: the message is the help text. */
    public static final class HelpRequested extends Exception {
        public HelpRequested(String help) {
            super(help);
        }
    }

    private OptionsReader() {}

    public static SignalingOptions read(String[] args, Map<String, String> env) throws HelpRequested, IOException {
        Map<String, String> flags = parseFlags(args);
        if (flags.containsKey("help")) throw new HelpRequested(help());
        SignalingOptions options = new SignalingOptions();
        String config = flags.getOrDefault("config", env.get("RC_CONFIG"));
        if (config != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(config))) {
                file.load(reader);
            }
            for (String key : file.stringPropertyNames()) {
                option(key).apply().accept(options, file.getProperty(key).trim());
            }
        }
        for (Option option : OPTIONS) {
            String value = env.get(option.env());
            if (value != null && !value.isBlank()) option.apply().accept(options, value);
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (flag.getKey().equals("config")) continue;
            option(flag.getKey()).apply().accept(options, flag.getValue());
        }
        return options;
    }

    private static Option option(String name) {
        return OPTIONS.stream()
                .filter(o -> o.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown option: " + name + " (see --help)"));
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                flags.put("help", "");
                continue;
            }
            if (!arg.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + arg);
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                flags.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
        }
        return flags;
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    public static String help() {
        StringBuilder help = new StringBuilder(
                """
                Rural Consult signaling server

                usage: mvn -pl signaling compile exec:java -Dexec.args="[--option value]..."
                       java -cp <classpath> org.ruralconsult.signaling.SignalingServer [--option value]...
                       java -cp <classpath> org.ruralconsult.signaling.auth.HashPassword <password>

                Every option is also read from an environment variable (RC_ + upper case, - as _)
                and from a properties file given by --config FILE or RC_CONFIG (key = option name).
                Precedence: flag > environment > config file > default.

                """);
        help.append(String.format("  %-22s %s%n", "--config FILE", "properties file with any of the options below"));
        for (Option option : OPTIONS) {
            help.append(String.format("  %-22s %s [%s]%n", "--" + option.name(), option.help(), option.env()));
        }
        help.append(String.format("  %-22s %s%n", "--help", "this text"));
        return help.toString();
    }
}
