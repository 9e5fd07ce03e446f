package org.ruralconsult.tv.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether this box could have sound at all, asked before libwebrtc or JavaFX is: on a machine with no
 * sound device and no sound server, webrtc-java's {@code MediaDevices.getAudioCaptureDevices()} never
 * returns (seen on the build machine: no {@code /dev/snd}, libpulse installed, no server), and JavaFX's
 * audio fails on a thread of its own. A box has an ALSA device ({@code /dev/snd/pcmC<card>D<device>p} for
 * playback, {@code …c} for capture) or a PulseAudio/PipeWire server in the user's runtime directory.
 */
public final class SoundDevices {
    private final Path snd;
    private final Map<String, String> env;

    SoundDevices(Path snd, Map<String, String> env) {
        this.snd = snd;
        this.env = env;
    }

    /** This machine's devices and environment. */
    public static SoundDevices ofThisMachine() {
        return new SoundDevices(Path.of("/dev/snd"), System.getenv());
    }

    /** A speaker could be there. */
    public boolean playback() {
        return alsa("p") || soundServer();
    }

    /** A microphone could be there. */
    public boolean capture() {
        return alsa("c") || soundServer();
    }

    private boolean alsa(String direction) {
        if (!Files.isDirectory(snd)) {
            return false;
        }
        try (var devices = Files.list(snd)) {
            return devices.anyMatch(p -> p.getFileName().toString().matches("pcmC\\d+D\\d+" + direction));
        } catch (IOException e) {
            return false; // unreadable: as good as absent for this user
        }
    }

    private boolean soundServer() {
        String runtime = env.get("XDG_RUNTIME_DIR");
        return env.get("PULSE_SERVER") != null
                || runtime != null
                        && (Files.exists(Path.of(runtime, "pulse", "native"))
                                || Files.exists(Path.of(runtime, "pipewire-0")));
    }
}
