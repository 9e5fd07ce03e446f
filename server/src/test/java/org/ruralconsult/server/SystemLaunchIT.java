package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system started the way {@code scripts/run.sh} starts it: a separate JVM on the runtime classpath only
 * ({@code target/classpath.txt}), not the test classpath the other tests run on. It serves the browser app,
 * signs a doctor in, and its embedded FHIR server boots and answers. This caught the embedded server failing
 * for want of {@code hapi-fhir-validation}, which only the tests had.
 */
class SystemLaunchIT {
    /** The embedded JPA server boots in about a minute; a loaded 2-core CI machine may take longer. */
    static final Duration FHIR_BOOT = Duration.ofMinutes(5);

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theSystemOnItsRuntimeClasspathServesTheAppAndItsFhirServerBoots(@TempDir Path data) throws Exception {
        String classpath = System.getProperty("server.classes")
                + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("server.classpath.file")))
                        .trim();
        int port = freePort();
        int fhirPort = freePort();
        Path log = data.resolve("server.log");
        Process server = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-cp",
                        classpath,
                        "org.ruralconsult.server.Main",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--media-port",
                        "0",
                        "--fhir-port",
                        Integer.toString(fhirPort),
                        "--data-dir",
                        data.resolve("state").toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> page = await(Duration.ofMinutes(1), URI.create(base + "/"), log);
            assertTrue(page.body().contains("<html lang=\"zh-CN\">"), "the browser app is served");
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"login\":\"liming\",\"password\":\"consult2026\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());

            HttpResponse<String> metadata =
                    await(FHIR_BOOT, URI.create("http://127.0.0.1:" + fhirPort + "/fhir/metadata"), log);
            assertTrue(metadata.body().contains("CapabilityStatement"), metadata.body());
            assertTrue(server.isAlive(), "still running");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    /** Polls until the URL answers 200; fails with the server's log when it does not in time. */
    private HttpResponse<String> await(Duration timeout, URI uri, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return r;
            } catch (ConnectException | java.net.http.HttpTimeoutException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        uri + " did not answer 200 within " + timeout + "; the server's log ends:\n" + tail(log));
            }
            Thread.sleep(1000);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
