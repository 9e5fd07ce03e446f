package org.ruralconsult.tv.box;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HDMI-CEC One Touch Play with libcec's {@code cec-client} (Debian {@code cec-utils}): on a ring, {@code echo
 * 'on 0' | cec-client -s -d 1} (power on the TV, logical address 0), then {@code echo 'as' | cec-client -s -d
 * 1} (this box becomes the active source: the TV switches to our HDMI input). {@code -s} sends one command and
 * exits, {@code -d 1} logs errors only. Each command runs with a time limit on a thread of its own, never the
 * UI thread; a wake still running when the next is asked is not repeated. A failure is logged once (then at
 * debug level), never thrown: a TV without CEC rings as before.
 */
public final class CecClientWake implements TvWake {
    private static final Logger LOG = LoggerFactory.getLogger(CecClientWake.class);
    /** Opening the adapter and one command takes 1–3 s on a Raspberry Pi; more means it hangs. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** {@code --cec}: use {@code cec-client} when on the PATH, always, or never. */
    public enum Mode {
        AUTO,
        ON,
        OFF;

        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cec must be auto, on or off, not " + value);
            }
        }
    }

    private final String program;
    private final CommandRunner runner;
    private final Duration timeout;
    private final Executor executor;
    private final Consumer<String> log;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean failedOnce = new AtomicBoolean();

    /**
     * @param program the {@code cec-client} to run (a path, or a name looked up on the PATH)
     * @param log where a failure is said, once (a warning in the application)
     */
    public CecClientWake(
            String program, CommandRunner runner, Duration timeout, Executor executor, Consumer<String> log) {
        this.program = Objects.requireNonNull(program);
        this.runner = Objects.requireNonNull(runner);
        this.timeout = Objects.requireNonNull(timeout);
        this.executor = Objects.requireNonNull(executor);
        this.log = Objects.requireNonNull(log);
    }

    /**
     * The wake for {@code --cec}: OFF is {@link TvWake#NONE}; AUTO and ON look for {@code cec-client} on {@code
     * path} once; without it the wake is NONE, said once in {@code log} (a warning for ON, which asked for it).
     */
    public static TvWake forMode(Mode mode, String path, Consumer<String> log) {
        if (mode == Mode.OFF) {
            return TvWake.NONE;
        }
        Optional<Path> found = findOnPath("cec-client", path);
        if (found.isEmpty()) {
            log.accept("HDMI-CEC wake is off: no cec-client on the PATH (Debian: apt-get install cec-utils)"
                    + (mode == Mode.ON ? " although --cec on asked for it" : ""));
            return TvWake.NONE;
        }
        LOG.info("HDMI-CEC wake on a ring with {}", found.get());
        return new CecClientWake(
                found.get().toString(), CommandRunner.PROCESSES, DEFAULT_TIMEOUT, daemonThread(), LOG::warn);
    }

    /** The wake for {@code --cec} on this machine's PATH, logging with this class's logger. */
    public static TvWake forMode(Mode mode) {
        return forMode(mode, System.getenv().getOrDefault("PATH", ""), mode == Mode.ON ? LOG::warn : LOG::info);
    }

    /** The first executable {@code name} in the directories of {@code path} (a PATH string). */
    public static Optional<Path> findOnPath(String name, String path) {
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static Executor daemonThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cec-wake");
            t.setDaemon(true);
            return t;
        });
    }

    /** The commands of one wake, each a line for {@code cec-client}'s standard input. */
    public static List<String> commands() {
        return List.of("on 0", "as");
    }

    public List<String> commandLine() {
        return List.of(program, "-s", "-d", "1");
    }

    @Override
    public void wake() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    wakeNow();
                } finally {
                    running.set(false);
                }
            });
        } catch (RuntimeException e) {
            running.set(false);
            fail("could not start the HDMI-CEC wake: " + e);
        }
    }

    /** Both commands, in order, on this thread. */
    void wakeNow() {
        for (String command : commands()) {
            try {
                CommandRunner.Result result = runner.run(commandLine(), command + "\n", timeout);
                if (result.timedOut()) {
                    fail("HDMI-CEC '" + command + "': " + program + " did not finish in " + timeout.toSeconds()
                            + " s (is a CEC adapter there?)");
                    return;
                }
                if (result.exitCode() != 0) {
                    fail("HDMI-CEC '" + command + "': " + program + " exited with " + result.exitCode() + ": "
                            + result.output().strip());
                    return;
                }
            } catch (IOException e) {
                fail("HDMI-CEC wake: could not run " + program + ": " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                fail("HDMI-CEC wake failed: " + e);
                return;
            }
        }
        LOG.debug("HDMI-CEC: TV on, this box the active source");
    }

    private void fail(String message) {
        if (failedOnce.compareAndSet(false, true)) {
            log.accept(message + " (said once; the TV rings without CEC)");
        } else {
            LOG.debug(message);
        }
    }
}
