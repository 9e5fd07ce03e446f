package org.ruralconsult.tv.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruralconsult.tv.box.RingToneWav;

/** The JavaFX ring tone on a machine without sound (this one): it never throws and says so once. */
class FxRingToneTest {
    final URL ring = RingToneWav.class.getResource("ring.wav");
    final List<String> log = new ArrayList<>();

    @Test
    void withoutASoundDeviceItRingsSilentlyAndSaysSoOnce() {
        FxRingTone tone = new FxRingTone(ring, false, log::add);
        for (int i = 0; i < 3; i++) {
            tone.start();
            tone.stop();
        }
        assertFalse(tone.playable());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("no sound device"), log.get(0));
    }

    @Test
    void thisMachineHasNoSoundDevice() {
        // The CI machines have no sound card; a developer's desktop may. Either way the tone must not throw.
        new FxRingTone().start();
        new FxRingTone().stop();
    }

    /**
     * The real AudioClip with a sound device wrongly assumed: the clip loads (the WAV is one JavaFX media
     * reads) and play() returns; on a machine without sound JavaFX then fails on its own clip thread ("Could
     * not create player", printed by that thread), which is why {@link FxRingTone} checks for a device first.
     * Start and stop never throw here.
     */
    @Test
    void theRealClipLoadsAndStartStopNeverThrow() throws Exception {
        FxToolkit.start();
        FxRingTone tone = new FxRingTone(ring, true, log::add);
        tone.start();
        Thread.sleep(300);
        tone.stop();
        tone.start();
        tone.stop();
        assertTrue(tone.playable(), log.toString());
        assertEquals(List.of(), log);
    }
}
