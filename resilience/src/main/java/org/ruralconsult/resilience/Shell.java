package org.ruralconsult.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command (ip, tc) and fails with its output when it fails. */
final class Shell {
    private Shell() {}

    static String run(String... command) throws IOException {
        return run(Arrays.asList(command));
    }

    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }

    /** As {@link #run(String...)}, ignoring failure (clean-up of what may not exist). */
    static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException e) {
            // nothing to remove
        }
    }

    /** {@code ip netns exec NS} + command. */
    static List<String> inNamespace(String namespace, List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(command);
        return all;
    }
}
