package org.ruralconsult.tv.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class RingToneWavTest {
    @Test
    void theBundledToneIsTheGeneratedOne() throws Exception {
        byte[] bundled;
        try (InputStream in = RingToneWav.class.getResourceAsStream("ring.wav")) {
            bundled = in.readAllBytes();
        }
        assertArrayEquals(RingToneWav.bytes(), bundled, "regenerate ring.wav (see RingToneWav)");
        assertTrue(bundled.length <= 100 * 1024, bundled.length + " bytes");
    }

    @Test
    void sixteenBitPcmThatJavaSoundReads() throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(
                new java.io.BufferedInputStream(RingToneWav.class.getResourceAsStream("ring.wav")))) {
            AudioFormat f = in.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, f.getEncoding());
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(1, f.getChannels());
            assertEquals(RingToneWav.SAMPLE_RATE, (int) f.getSampleRate());
            assertEquals(2 * RingToneWav.SAMPLE_RATE, in.getFrameLength());
        }
    }

    @Test
    void loudButNotClipped() {
        int peak = 0;
        for (short s : RingToneWav.samples()) {
            peak = Math.max(peak, Math.abs(s));
        }
        double level = peak / (double) Short.MAX_VALUE;
        assertTrue(level > 0.85 && level <= 0.9, "peak " + level);
    }

    @Test
    void theEnergyIsAt440And480Hz() {
        short[] s = RingToneWav.samples();
        int n = (int) (0.4 * RingToneWav.SAMPLE_RATE); // the first burst
        double at440 = goertzel(s, n, 440);
        double at480 = goertzel(s, n, 480);
        double at1000 = goertzel(s, n, 1000);
        double at2000 = goertzel(s, n, 2000);
        assertTrue(at440 > 100 * at1000 && at480 > 100 * at1000 && at440 > 100 * at2000, at440 + " " + at1000);
        // the pause after the burst is silent
        for (int i = n + 10; i < n + (int) (0.2 * RingToneWav.SAMPLE_RATE) - 10; i++) {
            assertEquals(0, s[i]);
        }
    }

    /** The power of one frequency in the first n samples. */
    static double goertzel(short[] s, int n, double hz) {
        double w = 2 * Math.PI * hz / RingToneWav.SAMPLE_RATE;
        double c = 2 * Math.cos(w);
        double p1 = 0;
        double p2 = 0;
        for (int i = 0; i < n; i++) {
            double p = s[i] + c * p1 - p2;
            p2 = p1;
            p1 = p;
        }
        return p1 * p1 + p2 * p2 - c * p1 * p2;
    }
}
