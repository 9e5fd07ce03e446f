package org.ruralconsult.media.testing;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * One libwebrtc for a test class: a headless audio module, started (libwebrtc aborts without a sound
 * device otherwise, STACK.md), and the PeerConnection factory over it; {@link #close} tears both down.
 */
public final class LibWebRtc implements AutoCloseable {
    private final HeadlessAudioDeviceModule audio;
    private final PeerConnectionFactory factory;

    private LibWebRtc() {
        audio = new HeadlessAudioDeviceModule();
        audio.initPlayout();
        audio.startPlayout();
        audio.initRecording();
        audio.startRecording();
        factory = new PeerConnectionFactory(audio);
    }

    public static LibWebRtc start() {
        return new LibWebRtc();
    }

    public PeerConnectionFactory factory() {
        return factory;
    }

    @Override
    public void close() {
        try {
            audio.stopPlayout();
            audio.stopRecording();
        } catch (RuntimeException e) {
            // best effort: native teardown
        }
        factory.dispose();
        audio.dispose();
    }
}
