package org.ruralconsult.tv.media;

/**
 * What the TV sends from: whether it has a camera and a microphone, and whether each is a synthetic
 * stand-in (a test picture, a tone) for tests and demos, which the screen must label as such. A missing
 * device is shown plainly; the call goes on with what works.
 *
 * @param camera a camera sends video (a real one or the synthetic picture)
 * @param microphone a microphone sends audio (a real one or the synthetic tone)
 * @param syntheticCamera the video is the synthetic test picture, not a camera
 * @param syntheticMicrophone the audio is the synthetic tone, not a microphone
 * @param cameraName the camera's name as the system gives it, or "" without one
 */
public record DeviceStatus(
        boolean camera, boolean microphone, boolean syntheticCamera, boolean syntheticMicrophone, String cameraName) {
    public boolean cameraMissing() {
        return !camera;
    }

    public boolean microphoneMissing() {
        return !microphone;
    }
}
