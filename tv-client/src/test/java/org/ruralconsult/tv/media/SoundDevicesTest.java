package org.ruralconsult.tv.media;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoundDevicesTest {
    @TempDir
    Path dir;

    @Test
    void noDeviceDirectoryAndNoServerMeansNoSound() {
        SoundDevices none = new SoundDevices(dir.resolve("snd"), Map.of());
        assertFalse(none.playback());
        assertFalse(none.capture());
    }

    @Test
    void alsaDevicesSayWhichDirectionExists() throws Exception {
        Path snd = Files.createDirectories(dir.resolve("snd"));
        Files.createFile(snd.resolve("controlC0"));
        Files.createFile(snd.resolve("pcmC0D0p"));
        SoundDevices speakerOnly = new SoundDevices(snd, Map.of());
        assertTrue(speakerOnly.playback());
        assertFalse(speakerOnly.capture(), "an HDMI output is no microphone");
        Files.createFile(snd.resolve("pcmC1D0c"));
        assertTrue(speakerOnly.capture(), "a USB microphone");
    }

    @Test
    void aPulseOrPipewireServerCanDoBoth() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("run"));
        SoundDevices pipewire = new SoundDevices(dir.resolve("snd"), Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        assertFalse(pipewire.capture(), "a runtime directory without a server");
        Files.createFile(runtime.resolve("pipewire-0"));
        assertTrue(pipewire.capture());
        assertTrue(pipewire.playback());
        assertTrue(new SoundDevices(dir.resolve("snd"), Map.of("PULSE_SERVER", "tcp:127.0.0.1")).capture());
    }
}
