package org.ruralconsult.tv.box;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command with some standard input and a time limit (a seam around {@link ProcessBuilder}). */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs {@code command}, writes {@code stdin} to it and closes its input, waits at most {@code timeout}
     * (then kills it).
     *
     * @throws IOException when it cannot be started (e.g. no such program)
     */
    Result run(List<String> command, String stdin, Duration timeout) throws IOException, InterruptedException;

    /** How it ended: the exit code (-1 when killed for the time limit) and its output (stdout and stderr). */
    record Result(int exitCode, boolean timedOut, String output) {}

    /** Real processes. */
    CommandRunner PROCESSES = (command, stdin, timeout) -> {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(
                () -> {
                    try (InputStream in = process.getInputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // killed: the output so far is enough
                    }
                },
                "command-output");
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // it exited without reading its input
        }
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(1, TimeUnit.SECONDS);
        }
        reader.join(1000);
        String output;
        synchronized (out) {
            output = out.toString(StandardCharsets.UTF_8);
        }
        return new Result(done ? process.exitValue() : -1, !done, output);
    };
}
