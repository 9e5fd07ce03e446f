package org.ruralconsult.tv.fx;

import java.net.URL;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.scene.media.AudioClip;
import org.ruralconsult.tv.box.RingTone;
import org.ruralconsult.tv.box.RingToneWav;
import org.ruralconsult.tv.media.SoundDevices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring tone with JavaFX media: the bundled {@code ring.wav} ({@link RingToneWav}) as an {@link AudioClip},
 * looped ({@link AudioClip#INDEFINITE}) at full volume; the box's mixer sets how loud that is. On a box with no
 * sound device (no ALSA playback device, no PulseAudio or PipeWire socket), or where JavaFX media cannot load,
 * it says so once in the log and rings silently: the screen still rings.
 */
public final class FxRingTone implements RingTone {
    private static final Logger LOG = LoggerFactory.getLogger(FxRingTone.class);
    private final URL sound;
    private final boolean soundDevice;
    private final Consumer<String> log;
    private AudioClip clip;
    private boolean broken;
    private boolean saidSilent;

    /** The bundled tone, this machine's sound devices, logging a warning. */
    public FxRingTone() {
        this(
                Objects.requireNonNull(RingToneWav.class.getResource("ring.wav"), "ring.wav"),
                SoundDevices.ofThisMachine().playback(),
                LOG::warn);
    }

    FxRingTone(URL sound, boolean soundDevice, Consumer<String> log) {
        this.sound = sound;
        this.soundDevice = soundDevice;
        this.log = log;
    }

    @Override
    public void start() {
        AudioClip c = clip();
        if (c != null && !c.isPlaying()) {
            try {
                c.play();
            } catch (RuntimeException e) {
                broken("could not play the ring tone: " + e);
            }
        }
    }

    @Override
    public void stop() {
        if (clip != null) {
            try {
                clip.stop();
            } catch (RuntimeException e) {
                broken("could not stop the ring tone: " + e);
            }
        }
    }

    /** Whether start() would play (a sound device and a clip that loaded); for tests and logs. */
    boolean playable() {
        return clip() != null;
    }

    private AudioClip clip() {
        if (broken) {
            return null;
        }
        if (!soundDevice) {
            if (!saidSilent) {
                saidSilent = true;
                log.accept("no sound device on this box: the TV rings silently (screen only)");
            }
            return null;
        }
        if (clip == null) {
            try {
                AudioClip c = new AudioClip(sound.toExternalForm());
                c.setCycleCount(AudioClip.INDEFINITE);
                c.setVolume(1.0);
                clip = c;
            } catch (RuntimeException | LinkageError e) {
                broken("the ring tone could not be loaded (JavaFX media): " + e);
            }
        }
        return clip;
    }

    private void broken(String message) {
        if (!broken) {
            broken = true;
            clip = null;
            log.accept(message + "; the TV rings silently (screen only)");
        }
    }
}
