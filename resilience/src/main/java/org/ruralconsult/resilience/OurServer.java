package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Our whole server (signaling + in-process relay), started as a process in the server's namespace from this
 * module's classpath, as the load generator starts it ({@code org.ruralconsult.server.Main}), with
 * {@code --media-adaptive} on or off. No FHIR server: records go nowhere, which the media path never waits for.
 */
final class OurServer implements AutoCloseable {
    static final int PORT = 8080;
    static final String PASSWORD = "consult2026";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    private OurServer(Process process) {
        this.process = process;
    }

    static OurServer start(String namespace, boolean adaptive, Path seed, Path work, String pageOrigin)
            throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx768m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "org.ruralconsult.server.Main",
                "--host",
                "0.0.0.0",
                "--port",
                String.valueOf(PORT),
                "--media-bind",
                Topology.SFU_ADDRESS,
                "--media-port",
                "10000",
                "--media-workers",
                "1",
                "--media-adaptive",
                String.valueOf(adaptive),
                "--allowed-origins",
                pageOrigin,
                "--data-dir",
                data.toString(),
                "--seed",
                seed.toString(),
                "--fhir-url",
                "http://127.0.0.1:9/fhir"));
        Process p = new ProcessBuilder(Shell.inNamespace(namespace, cmd))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile())
                .start();
        OurServer s = new OurServer(p);
        s.awaitReady(work.resolve("server.log"));
        return s;
    }

    String url() {
        return "http://" + Topology.SFU_ADDRESS + ":" + PORT;
    }

    String ws() {
        return "ws://" + Topology.SFU_ADDRESS + ":" + PORT;
    }

    private void awaitReady(Path log) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited (" + process.exitValue() + "), see " + log);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException("the server was not ready within 120 s, see " + log);
    }

    /** {@code POST /api/login}: the access token. */
    String login(String login) throws Exception {
        String body = JSON.createObjectNode()
                .put("login", login)
                .put("password", PASSWORD)
                .toString();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url() + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token =
                r.statusCode() == 200 ? JSON.readTree(r.body()).path("token").asText(null) : null;
        if (token == null) {
            throw new IOException("login " + login + ": " + r.statusCode() + " " + r.body());
        }
        return token;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
