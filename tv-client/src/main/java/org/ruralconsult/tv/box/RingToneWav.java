package org.ruralconsult.tv.box;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ring tone's sound, made here so that it is reproducible: one 2 s cycle (played looped) of two bursts of
 * 440 Hz + 480 Hz together (the classic telephone ring, whose 40 Hz beat is easy to notice) — 0.4 s on, 0.2 s
 * off, 0.4 s on, 1 s off — as 16-bit mono PCM at 16 kHz, peaking at 90% of full scale (loud, never clipped),
 * each burst faded in and out over 10 ms (no clicks). Low tones on purpose: hearing loss with age takes the
 * high ones first. The bundled {@code ring.wav} is this; {@code RingToneWavTest} checks that it still is.
 * Regenerate with {@code java -cp tv-client/target/classes org.ruralconsult.tv.box.RingToneWav
 * tv-client/src/main/resources/org/ruralconsult/tv/box/ring.wav}.
 */
public final class RingToneWav {
    public static final int SAMPLE_RATE = 16_000;
    public static final double PEAK = 0.9;
    public static final double[] FREQUENCIES_HZ = {440, 480};
    /** On/off pattern in seconds, starting with on. */
    static final double[] CADENCE_S = {0.4, 0.2, 0.4, 1.0};

    private static final double FADE_S = 0.010;

    private RingToneWav() {}

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "ring.wav");
        Files.write(target, bytes());
        System.out.println("wrote " + target + " (" + Files.size(target) + " bytes)");
    }

    /** The samples of one cycle. */
    public static short[] samples() {
        double total = 0;
        for (double s : CADENCE_S) {
            total += s;
        }
        short[] out = new short[(int) Math.round(total * SAMPLE_RATE)];
        int at = 0;
        for (int part = 0; part < CADENCE_S.length; part++) {
            int n = (int) Math.round(CADENCE_S[part] * SAMPLE_RATE);
            if (part % 2 == 0) {
                int fade = (int) Math.round(FADE_S * SAMPLE_RATE);
                for (int i = 0; i < n; i++) {
                    double t = (double) (at + i) / SAMPLE_RATE;
                    double v = 0;
                    for (double f : FREQUENCIES_HZ) {
                        v += Math.sin(2 * Math.PI * f * t);
                    }
                    v *= PEAK / FREQUENCIES_HZ.length;
                    int edge = Math.min(i, n - 1 - i);
                    if (edge < fade) {
                        v *= 0.5 - 0.5 * Math.cos(Math.PI * edge / fade);
                    }
                    out[at + i] = (short) Math.round(v * Short.MAX_VALUE);
                }
            }
            at += n;
        }
        return out;
    }

    /** A complete WAV file (RIFF, PCM, mono, 16 bit). */
    public static byte[] bytes() {
        short[] samples = samples();
        int data = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + data);
        b.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2);
        b.putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}
