package org.ruralconsult.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins processes to CPUs with util-linux {@code taskset}, so that the relay and the load generator can be
 * kept off each other's cores: on a 2-core machine the generator's own work otherwise delays the relay's
 * threads, and that wait shows up as the relay's latency. {@code -a} pins every thread of the process; the
 * threads it starts later inherit the mask from the thread that starts them.
 */
final class CpuAffinity {
    private CpuAffinity() {}

    /** Pins every thread of {@code pid} to {@code cpus} (taskset's list syntax: "1", "0,2", "2-3"). */
    static void pin(long pid, String cpus) throws IOException, InterruptedException {
        run("taskset", "-a", "-p", "-c", cpus, Long.toString(pid));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
    }

    /**
     * Pins the threads of {@code pid} whose name starts with {@code prefix} (Linux thread names, 15
     * characters) to {@code cpus}, leaving the others where they are: the relay's media workers on a core of
     * their own, apart from its signaling, GC and JIT threads.
     */
    static void pinThreads(long pid, String prefix, String cpus) throws IOException, InterruptedException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (name.startsWith(prefix)) {
                    run("taskset", "-p", "-c", cpus, task.getFileName().toString());
                }
            }
        }
    }

    /** Pins each of {@code pids}; nothing when {@code cpus} is null (no pinning asked for). */
    static void pinAll(List<Long> pids, String cpus) throws IOException, InterruptedException {
        if (cpus == null) {
            return;
        }
        for (long pid : pids) {
            pin(pid, cpus);
        }
    }
}
