package org.ruralconsult.resilience;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The browsers' microphone: a WAV file that Chromium plays as its fake capture device
 * ({@code --use-file-for-fake-audio-capture}, looped). Chromium's own fake microphone is a 20 ms beep every
 * 500 ms: 96 % digital silence, so with Opus DTX nearly every packet is a DTX frame and a lost one is
 * concealment of silence, which says nothing about speech. This is talk spurts of 1–3 s (a voice of
 * 110–180 Hz with ten harmonics and a syllable envelope of about 4 Hz) and pauses of 0.3–1 s, like a
 * conversation, so that concealment lands on voice and DTX starts and ends as it would in a consult.
 * Deterministic (one seed): every run and every system gets the same sound.
 */
final class SpeechLikeAudio {
    static final int RATE = 48_000;
    static final int SECONDS = 20;

    private SpeechLikeAudio() {}

    /** Writes the file (16-bit mono PCM WAV) to {@code file} and returns it. */
    static Path write(Path file) throws IOException {
        short[] pcm = samples(new Random(20261128L));
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(36 + pcm.length * 2)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) 1) // mono
                .putInt(RATE)
                .putInt(RATE * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(pcm.length * 2);
        for (short s : pcm) {
            b.putShort(s);
        }
        Files.write(file, b.array());
        return file;
    }

    /** The samples: spurts and pauses until {@link #SECONDS} are filled. */
    static short[] samples(Random random) {
        short[] pcm = new short[RATE * SECONDS];
        int i = 0;
        double phase = 0;
        while (i < pcm.length) {
            int spurt = (int) (RATE * (1.0 + 2.0 * random.nextDouble()));
            double f0 = 110 + 70 * random.nextDouble();
            double syllable = 3.5 + 1.5 * random.nextDouble();
            for (int n = 0; n < spurt && i < pcm.length; n++, i++) {
                double t = (double) n / RATE;
                double pitch = f0 * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t)); // intonation
                phase += 2 * Math.PI * pitch / RATE;
                double voice = 0;
                for (int k = 1; k <= 10; k++) {
                    voice += Math.sin(k * phase) / k;
                }
                double envelope = Math.pow(Math.sin(Math.PI * syllable * t), 2);
                double fade = Math.min(1, Math.min(n, spurt - n) / (0.02 * RATE)); // no clicks at the edges
                pcm[i] = (short) (6000 * voice * (0.15 + 0.85 * envelope) * fade);
            }
            i += (int) (RATE * (0.3 + 0.7 * random.nextDouble())); // a pause: digital silence
        }
        return pcm;
    }
}
