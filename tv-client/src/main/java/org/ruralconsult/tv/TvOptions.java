package org.ruralconsult.tv;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the TV connects, where it keeps its device token, and what it sends from.
 *
 * @param server the signaling server, e.g. {@code http://127.0.0.1:8080}
 * @param tokenFile where the device token from pairing is kept across restarts
 * @param loopbackOnly see {@link org.ruralconsult.tv.media.TvMediaEngine}
 * @param media false for a TV without media (protocol only)
 * @param devices the box's camera and microphone, or the synthetic picture and tone (tests, demos)
 * @param autoAnswerCountdown how long a care-home TV that the server joined to a call counts down on screen
 *     ("医生正在接通…") before its picture opens
 */
public record TvOptions(
        URI server,
        Path tokenFile,
        boolean loopbackOnly,
        boolean media,
        Devices devices,
        Duration autoAnswerCountdown) {
    public static final URI DEFAULT_SERVER = URI.create("http://127.0.0.1:8080");
    public static final Path DEFAULT_TOKEN_FILE =
            Path.of(System.getProperty("user.home"), ".ruralconsult-tv", "device-token");
    /** Long enough to read "the doctor is connecting" and press Back; short enough not to keep staff waiting. */
    public static final Duration DEFAULT_AUTO_ANSWER_COUNTDOWN = Duration.ofSeconds(10);

    /** What the TV sends from. */
    public enum Devices {
        /** The box's first V4L2 camera and its default microphone and speaker. */
        BOX,
        /** A moving test picture and a tone, labelled as such on screen: tests and demos only. */
        SYNTHETIC;

        /** {@code box} or {@code synthetic}. */
        public static Devices parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--devices takes box or synthetic, not " + value);
            }
        }
    }

    public TvOptions {
        Objects.requireNonNull(server);
        Objects.requireNonNull(tokenFile);
        Objects.requireNonNull(devices);
        if (autoAnswerCountdown.isNegative()) {
            throw new IllegalArgumentException("the auto-answer countdown cannot be negative");
        }
    }

    /** Synthetic devices and the default countdown: tests and demos. */
    public TvOptions(URI server, Path tokenFile, boolean loopbackOnly, boolean media) {
        this(server, tokenFile, loopbackOnly, media, Devices.SYNTHETIC, DEFAULT_AUTO_ANSWER_COUNTDOWN);
    }

    public TvOptions withDevices(Devices devices) {
        return new TvOptions(server, tokenFile, loopbackOnly, media, devices, autoAnswerCountdown);
    }

    public TvOptions withAutoAnswerCountdown(Duration countdown) {
        return new TvOptions(server, tokenFile, loopbackOnly, media, devices, countdown);
    }

    public URI webSocketUri() {
        String base = server.toString().replaceFirst("^http", "ws");
        return URI.create(base.endsWith("/") ? base + "ws" : base + "/ws");
    }
}
