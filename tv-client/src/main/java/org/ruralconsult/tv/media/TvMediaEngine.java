package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.VideoTrack;

/**
 * libwebrtc for the TV: one PeerConnectionFactory, the camera and microphone tracks, and a
 * {@link TvCallMedia} per call. This build feeds a synthetic camera and microphone and plays nothing
 * aloud (headless audio device): the closest real thing on a machine without a camera or sound card;
 * a box with devices swaps in {@code VideoDeviceSource} and the platform audio module.
 */
public final class TvMediaEngine implements AutoCloseable {
    private final HeadlessAudioDeviceModule audioDevice = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory;
    private final SyntheticCamera camera;
    private final SyntheticMicrophone microphone;
    private final VideoTrack cameraTrack;
    private final AudioTrack microphoneTrack;
    private final boolean loopbackOnly;

    /**
     * @param loopbackOnly gather candidates without enumerating adapters, so that libwebrtc, which skips
     *     {@code lo}, still offers 127.0.0.1 on a loopback-only host (STACK.md)
     */
    public TvMediaEngine(boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
        // A headless device module must be started, else libwebrtc aborts without a sound device (STACK.md).
        audioDevice.initPlayout();
        audioDevice.startPlayout();
        audioDevice.initRecording();
        audioDevice.startRecording();
        factory = new PeerConnectionFactory(audioDevice);
        // Sources start pushing at once, so they are made only once the factory exists.
        camera = new SyntheticCamera();
        microphone = new SyntheticMicrophone();
        cameraTrack = factory.createVideoTrack("tv-camera", camera.source());
        microphoneTrack = factory.createAudioTrack("tv-microphone", microphone.source());
    }

    public TvCallMedia newCall() {
        PortAllocatorConfig ports = new PortAllocatorConfig();
        if (loopbackOnly) {
            ports.setDisableAdapterEnumeration(true).setEnableAnyAddressPorts(true);
        }
        return new TvCallMedia(factory, TvCallMedia.configuration(ports), cameraTrack, microphoneTrack);
    }

    public long framesSent() {
        return camera.framesPushed();
    }

    @Override
    public void close() {
        camera.close();
        microphone.close();
        // Tracks and the factory are left to process exit: disposing them after a close can crash
        // libwebrtc's threads (STACK.md).
    }
}
