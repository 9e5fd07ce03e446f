package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.VideoDeviceSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libwebrtc for the TV: one PeerConnectionFactory, the camera and microphone tracks, the self view, and
 * a {@link TvCallMedia} per call.
 *
 * <p>Two kinds of devices ({@link #devices()} says which, for the screen to label):
 * <ul>
 *   <li>synthetic (tests, demos, machines without devices): a moving test picture and a 440 Hz tone, and
 *       a headless audio module that plays nothing aloud;
 *   <li>real (a box): the first V4L2 camera ({@code VideoDeviceSource}) and the platform audio module
 *       with the default microphone and speaker; microphones are listed only where {@link SoundDevices}
 *       finds sound, and any listing that hangs is given up after a few seconds. A missing camera or microphone is reported
 *       ({@link DeviceStatus}) and the call goes on with what works; without a microphone the audio
 *       module is the headless one (nothing captured, nothing played).
 * </ul>
 */
public final class TvMediaEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TvMediaEngine.class);
    /** How long listing a kind of device may take before the TV goes on without it. */
    static final Duration DEVICE_LIST_TIMEOUT = Duration.ofSeconds(5);

    private final AudioDeviceModuleBase audioDevice;
    private final PeerConnectionFactory factory;
    private final SyntheticCamera syntheticCamera;
    private final SyntheticMicrophone syntheticMicrophone;
    private final VideoDeviceSource deviceCamera;
    private final VideoTrack cameraTrack;
    private final AudioTrack microphoneTrack;
    private final VideoSlot self;
    private final DeviceStatus devices;
    private final boolean loopbackOnly;

    /** Synthetic camera and microphone (tests, demos). */
    public TvMediaEngine(boolean loopbackOnly) {
        this(loopbackOnly, true);
    }

    /**
     * @param loopbackOnly gather candidates without enumerating adapters, so that libwebrtc, which skips
     *     {@code lo}, still offers 127.0.0.1 on a loopback-only host (STACK.md)
     * @param synthetic the synthetic test picture and tone instead of the box's camera and microphone
     */
    public TvMediaEngine(boolean loopbackOnly, boolean synthetic) {
        this(
                loopbackOnly,
                synthetic,
                SyntheticCamera.DEFAULT_WIDTH,
                SyntheticCamera.DEFAULT_HEIGHT,
                SyntheticCamera.DEFAULT_FPS);
    }

    /**
     * Synthetic devices with a test picture of the given size and rate (e.g. a 1280×720 30 fps sender for
     * the rendering benchmark).
     */
    public static TvMediaEngine synthetic(boolean loopbackOnly, int width, int height, int fps) {
        return new TvMediaEngine(loopbackOnly, true, width, height, fps);
    }

    private TvMediaEngine(boolean loopbackOnly, boolean synthetic, int cameraWidth, int cameraHeight, int cameraFps) {
        this.loopbackOnly = loopbackOnly;
        // Asked only where sound could exist: without it, libwebrtc's list of microphones never returns.
        AudioDevice microphone = synthetic || !SoundDevices.ofThisMachine().capture()
                ? null
                : firstOrNull("microphones", MediaDevices::getAudioCaptureDevices);
        VideoDevice camera = synthetic ? null : firstOrNull("cameras", MediaDevices::getVideoCaptureDevices);
        if (microphone != null) {
            AudioDeviceModule platform = new AudioDeviceModule();
            platform.setRecordingDevice(microphone);
            AudioDevice speaker = firstOrNull("speakers", MediaDevices::getAudioRenderDevices);
            if (speaker != null) {
                platform.setPlayoutDevice(speaker);
            }
            audioDevice = platform;
        } else {
            // A headless module must be started, else libwebrtc aborts without a sound device (STACK.md).
            audioDevice = new HeadlessAudioDeviceModule();
        }
        audioDevice.initPlayout();
        audioDevice.startPlayout();
        audioDevice.initRecording();
        audioDevice.startRecording();
        factory = new PeerConnectionFactory(audioDevice);
        // Sources start pushing at once, so they are made only once the factory exists.
        if (synthetic) {
            syntheticCamera = new SyntheticCamera(cameraWidth, cameraHeight, cameraFps);
            syntheticMicrophone = new SyntheticMicrophone();
            deviceCamera = null;
            cameraTrack = factory.createVideoTrack("tv-camera", syntheticCamera.source());
            microphoneTrack = factory.createAudioTrack("tv-microphone", syntheticMicrophone.source());
            devices = new DeviceStatus(true, true, true, true, "synthetic");
        } else {
            syntheticCamera = null;
            syntheticMicrophone = null;
            deviceCamera = camera == null ? null : startCamera(camera);
            cameraTrack = deviceCamera == null ? null : factory.createVideoTrack("tv-camera", deviceCamera);
            microphoneTrack = microphone == null
                    ? null
                    : factory.createAudioTrack(
                            "tv-microphone",
                            factory.createAudioSource(new dev.onvoid.webrtc.media.audio.AudioOptions()));
            devices = new DeviceStatus(
                    cameraTrack != null,
                    microphoneTrack != null,
                    false,
                    false,
                    deviceCamera == null ? "" : camera.getName());
            if (devices.cameraMissing() || devices.microphoneMissing()) {
                LOG.warn(
                        "the TV has no {}{}; the call goes on with what works",
                        devices.cameraMissing() ? "camera" : "",
                        devices.microphoneMissing()
                                ? (devices.cameraMissing() ? " and no microphone" : "microphone")
                                : "");
            }
        }
        if (cameraTrack != null) {
            self = new VideoSlot(RemoteVideo.SELF);
            cameraTrack.addSink(self);
        } else {
            self = null;
        }
    }

    /**
     * The first device libwebrtc lists, or null. The listing runs on a thread of its own and is given up
     * after {@link #DEVICE_LIST_TIMEOUT}: a sound system that does not answer must not keep the TV from
     * starting (it then goes on without that device, and says so).
     */
    private static <T> T firstOrNull(String what, Supplier<List<T>> devices) {
        CompletableFuture<List<T>> listing = new CompletableFuture<>();
        Thread lister = new Thread(
                () -> {
                    try {
                        listing.complete(devices.get());
                    } catch (RuntimeException | UnsatisfiedLinkError e) {
                        listing.completeExceptionally(e);
                    }
                },
                "tv-device-list");
        lister.setDaemon(true);
        lister.start();
        try {
            List<T> found = listing.get(DEVICE_LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return found == null || found.isEmpty() ? null : found.get(0);
        } catch (TimeoutException e) {
            LOG.warn("listing the {} took over {}; going on without", what, DEVICE_LIST_TIMEOUT);
            return null;
        } catch (ExecutionException e) {
            LOG.warn("could not list the {}: {}", what, e.getCause().toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static VideoDeviceSource startCamera(VideoDevice camera) {
        try {
            VideoDeviceSource source = new VideoDeviceSource();
            source.setVideoCaptureDevice(camera);
            source.start();
            return source;
        } catch (RuntimeException e) {
            LOG.warn("the camera {} did not start: {}", camera.getName(), e.toString());
            return null;
        }
    }

    public TvCallMedia newCall() {
        PortAllocatorConfig ports = new PortAllocatorConfig();
        if (loopbackOnly) {
            ports.setDisableAdapterEnumeration(true).setEnableAnyAddressPorts(true);
        }
        return new TvCallMedia(factory, TvCallMedia.configuration(ports), cameraTrack, microphoneTrack, self, devices);
    }

    /** Camera and microphone present, and whether they are synthetic. */
    public DeviceStatus devices() {
        return devices;
    }

    /** The camera's own frames (the self view); empty without a camera. */
    public java.util.Optional<RemoteVideo> localVideo() {
        return java.util.Optional.ofNullable(self);
    }

    public long framesSent() {
        return syntheticCamera == null ? (self == null ? 0 : self.framesDecoded()) : syntheticCamera.framesPushed();
    }

    @Override
    public void close() {
        if (syntheticCamera != null) {
            syntheticCamera.close();
            syntheticMicrophone.close();
        }
        if (deviceCamera != null) {
            deviceCamera.stop();
        }
        if (self != null) {
            self.close();
        }
        // Tracks and the factory are left to process exit: disposing them after a close can crash
        // libwebrtc's threads (STACK.md).
    }
}
