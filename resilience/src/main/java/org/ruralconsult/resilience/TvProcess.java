package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The {@link TvMember} (or {@link JanusTvMember}) process in the TV's namespace, and the readings and events it prints. */
final class TvProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private TvProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "tv-member-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@link TvMember} (our server) or {@link JanusTvMember} with its arguments. */
    static TvProcess start(Topology.Member member, Class<?> main, List<String> args, Path work) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(Shell.inNamespace(member.namespace(), cmd))
                .redirectError(work.resolve("tv.log").toFile())
                .start();
        return new TvProcess(p);
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    samples.add(Sample.of(JSON.readTree(line)));
                } else if (line.startsWith("# ")) {
                    events.add(System.currentTimeMillis() + " " + line.substring(2));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            // gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
