package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A headless Chromium member in its own network namespace: chromedriver is started there (listening on the
 * member's address, for this process only), Chromium with it, with the fake camera and a speech-like microphone ({@link SpeechLikeAudio}); the page
 * is this module's {@code consult.html}, served by {@link PageServer}.
 */
final class BrowserMember implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DRIVER_PORT = 9515;

    private final String name;
    private final Process driverProcess;
    private final RemoteWebDriver driver;
    final List<Sample> samples = new ArrayList<>();

    private BrowserMember(String name, Process driverProcess, RemoteWebDriver driver) {
        this.name = name;
        this.driverProcess = driverProcess;
        this.driver = driver;
    }

    static BrowserMember start(Topology.Member member, Path work, String pageUrl) throws Exception {
        Path log = work.resolve("chromedriver-" + member.name() + ".log");
        Process p = new ProcessBuilder(Shell.inNamespace(
                        member.namespace(),
                        List.of(
                                "chromedriver",
                                "--port=" + DRIVER_PORT,
                                "--allowed-ips=" + Topology.CONTROL_ADDRESS,
                                "--allowed-origins=*")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String driverUrl = "http://" + member.address() + ":" + DRIVER_PORT;
        awaitDriver(p, driverUrl, log);
        Path profile = Files.createDirectories(work.resolve("chromium-" + member.name()));
        Path voice = SpeechLikeAudio.write(work.resolve("voice.wav"));
        String pageOrigin = URI.create(pageUrl).resolve("/").toString().replaceAll("/$", "");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + voice.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required",
                // the page comes over plain HTTP from the control address; getUserMedia needs a secure context
                "--unsafely-treat-insecure-origin-as-secure=" + pageOrigin,
                "--user-data-dir=" + profile);
        RemoteWebDriver d = new RemoteWebDriver(new URL(driverUrl), options);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        d.get(pageUrl);
        return new BrowserMember(member.name(), p, d);
    }

    private static void awaitDriver(Process p, String url, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("chromedriver exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/status"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("chromedriver did not answer at " + url);
    }

    String name() {
        return name;
    }

    /** Moves the page's readings since the last call into {@link #samples}. */
    void collect() throws IOException {
        Object raw = ((JavascriptExecutor) driver).executeScript("return JSON.stringify(window.rc.drain())");
        for (JsonNode n : JSON.readTree(String.valueOf(raw))) {
            samples.add(Sample.of(n));
        }
    }

    /** The page's events (welcome, published, errors). */
    String events() {
        return String.valueOf(((JavascriptExecutor) driver).executeScript("return window.rc.events.join('\\n')"));
    }

    /** The video layers this member publishes: rid, frameHeight, frames encoded, bytes sent. */
    JsonNode sent() throws IOException {
        Object raw = ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " window.rc.sent().then(s => done(JSON.stringify(s)), e => done('[]'));");
        return JSON.readTree(String.valueOf(raw));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // the browser is gone already
        }
        driverProcess.descendants().forEach(ProcessHandle::destroyForcibly);
        driverProcess.destroyForcibly();
    }
}
