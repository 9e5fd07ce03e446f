package org.ruralconsult.signaling.testing;

import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, with a fake camera and microphone, driven through chromedriver: the one
 * set of flags every browser test uses (STACK.md: without the background-networking flags Chromium
 * hammers the closed network; with fake UI its host candidates are raw IPs; loopback allowed for WebRTC).
 */
public final class HeadlessChromium {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private HeadlessChromium() {}

    /** A new browser with its own profile directory (the caller deletes it after {@code quit()}). */
    public static ChromeDriver start(Path profile) {
        return start(profile, true);
    }

    /**
     * As {@link #start(Path)}; with {@code camera} false the fake devices are there but every permission
     * prompt is denied, as when a person blocked the camera and microphone for the site.
     */
    public static ChromeDriver start(Path profile, boolean camera) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(camera ? "--use-fake-ui-for-media-stream" : "--deny-permission-prompts");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
