package org.ruralconsult.fhir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link DeliveringNode} in a child JVM, its stdout read line by line, to be killed with SIGKILL. */
final class DeliveringNodeProcess {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private DeliveringNodeProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@link DeliveringNode} with these arguments (see its class comment) and this heap. */
    static DeliveringNodeProcess start(String maxHeap, String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                // C1 only: the child is killed within a minute, and the JPA server boots faster without C2.
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                DeliveringNode.class.getName()));
        command.addAll(List.of(args));
        return new DeliveringNodeProcess(
                new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(line);
        } catch (Exception e) {
            lines.add("READ FAILED " + e);
        }
    }

    /** SIGKILL (no shutdown hook, no close()), then the exit status, which is 137 for a kill. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("the child outlived SIGKILL");
        reader.join(5000);
        return process.exitValue();
    }

    /** The first line that starts with {@code prefix}, waiting for it. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) if (line.startsWith(prefix)) return line;
            if (!process.isAlive()) break;
            Thread.sleep(10);
        }
        throw new AssertionError("no " + prefix + " line from the child; it said: " + tail());
    }

    /** Waits until the child has reported at least {@code events} delivered events. */
    void awaitDelivered(int events, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (lastDelivered() >= events) return;
            Thread.sleep(5);
        }
        throw new AssertionError("the child did not deliver " + events + " events; it said: " + tail());
    }

    long lastDelivered() {
        return lines.stream()
                .filter(l -> l.startsWith("DELIVERED "))
                .mapToLong(l -> Long.parseLong(l.substring("DELIVERED ".length())))
                .max()
                .orElse(0);
    }

    /** The consults whose every event the child accepted (durably) before it died. */
    List<String> accepted() {
        return lines.stream()
                .filter(l -> l.startsWith("ACCEPTED "))
                .map(l -> l.substring("ACCEPTED ".length()))
                .toList();
    }

    List<String> findings() {
        return lines.stream().filter(l -> l.startsWith("FINDING")).toList();
    }

    private List<String> tail() {
        return lines.subList(Math.max(0, lines.size() - 40), lines.size());
    }
}
