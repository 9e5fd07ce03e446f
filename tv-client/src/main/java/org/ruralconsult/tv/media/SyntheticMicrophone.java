package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A 440 Hz tone in 10 ms chunks of 48 kHz mono PCM, for boxes without a microphone (demos, tests). */
public final class SyntheticMicrophone implements AutoCloseable {
    static final int SAMPLE_RATE = 48_000;
    static final int CHUNK_MS = 10;
    static final int SAMPLES = SAMPLE_RATE * CHUNK_MS / 1000;

    private final CustomAudioSource source = new CustomAudioSource();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "synthetic-microphone");
        t.setDaemon(true);
        return t;
    });
    private final byte[] chunk = new byte[SAMPLES * 2];
    private long sample;

    public SyntheticMicrophone() {
        timer.scheduleAtFixedRate(this::push, 0, CHUNK_MS, TimeUnit.MILLISECONDS);
    }

    public CustomAudioSource source() {
        return source;
    }

    private void push() {
        for (int i = 0; i < SAMPLES; i++, sample++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * sample / SAMPLE_RATE));
            chunk[2 * i] = (byte) v;
            chunk[2 * i + 1] = (byte) (v >> 8);
        }
        source.pushAudio(chunk, 16, SAMPLE_RATE, 1, SAMPLES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
