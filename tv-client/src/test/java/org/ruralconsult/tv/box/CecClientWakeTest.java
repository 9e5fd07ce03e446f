package org.ruralconsult.tv.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CecClientWakeTest {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> timeouts = Collections.synchronizedList(new ArrayList<>());
    /** Runs on the caller's thread: the fake runner's effects are seen at once. */
    final Executor direct = Runnable::run;

    CommandRunner recording(CommandRunner.Result result) {
        return (command, stdin, timeout) -> {
            ran.add(String.join(" ", command) + " <<< " + stdin.strip());
            timeouts.add(timeout);
            return result;
        };
    }

    @Test
    void oneWakeIsPowerOnThenActiveSourceWithTheTimeLimit() {
        CecClientWake wake = new CecClientWake(
                "cec-client",
                recording(new CommandRunner.Result(0, false, "")),
                Duration.ofSeconds(7),
                direct,
                log::add);
        wake.wake();
        assertEquals(List.of("cec-client -s -d 1 <<< on 0", "cec-client -s -d 1 <<< as"), ran);
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), timeouts);
        assertEquals(List.of(), log);
    }

    @Test
    void aMissingProgramCrashesNothingAndIsSaidOnce() {
        CommandRunner absent = (command, stdin, timeout) -> {
            ran.add(command.get(0));
            throw new IOException("Cannot run program \"cec-client\": error=2, No such file or directory");
        };
        CecClientWake wake = new CecClientWake("cec-client", absent, Duration.ofSeconds(1), direct, log::add);
        wake.wake();
        wake.wake();
        wake.wake();
        assertEquals(3, ran.size(), "tried on each ring, stopped after the first command");
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("could not run cec-client"), log.get(0));
    }

    @Test
    void aTimeoutStopsTheWakeAndIsSaidOnce() {
        CecClientWake wake = new CecClientWake(
                "cec-client",
                recording(new CommandRunner.Result(-1, true, "")),
                Duration.ofSeconds(2),
                direct,
                log::add);
        wake.wake();
        wake.wake();
        assertEquals(List.of("cec-client -s -d 1 <<< on 0", "cec-client -s -d 1 <<< on 0"), ran);
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("did not finish in 2 s"), log.get(0));
    }

    @Test
    void aFailedCommandIsSaidWithItsOutput() {
        CecClientWake wake = new CecClientWake(
                "cec-client",
                recording(new CommandRunner.Result(1, false, "ERROR: could not open a connection\n")),
                Duration.ofSeconds(2),
                direct,
                log::add);
        wake.wake();
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("could not open a connection"), log.get(0));
    }

    @Test
    void runsOffTheCallersThreadAndNotTwiceAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CommandRunner slow = (command, stdin, timeout) -> {
            threads.add(Thread.currentThread().getName());
            ran.add(stdin.strip());
            release.await(5, TimeUnit.SECONDS);
            return new CommandRunner.Result(0, false, "");
        };
        var executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "cec-test"));
        try {
            CecClientWake wake = new CecClientWake("cec-client", slow, Duration.ofSeconds(5), executor, log::add);
            wake.wake(); // returns at once
            wake.wake(); // still waking: not repeated
            release.countDown();
            executor.shutdown();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
            assertEquals(List.of("on 0", "as"), ran);
            assertEquals(List.of("cec-test", "cec-test"), threads);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void modes(@TempDir Path empty) {
        assertSame(TvWake.NONE, CecClientWake.forMode(CecClientWake.Mode.OFF, "/usr/bin", log::add));
        assertEquals(List.of(), log, "off says nothing");
        assertSame(TvWake.NONE, CecClientWake.forMode(CecClientWake.Mode.AUTO, empty.toString(), log::add));
        assertEquals(1, log.size(), "absent: said once, at start");
        assertTrue(log.get(0).contains("no cec-client on the PATH"), log.get(0));
        assertSame(TvWake.NONE, CecClientWake.forMode(CecClientWake.Mode.ON, empty.toString(), log::add));
        assertTrue(log.get(1).contains("--cec on"), log.get(1));
        assertEquals(CecClientWake.Mode.AUTO, CecClientWake.Mode.parse("auto"));
        assertEquals(CecClientWake.Mode.ON, CecClientWake.Mode.parse("ON"));
        assertThrows(IllegalArgumentException.class, () -> CecClientWake.Mode.parse("maybe"));
    }

    // ---- the real process path, with a stub cec-client first on the PATH ----

    static Path stub(Path dir, String body) throws IOException {
        Path script = dir.resolve("cec-client");
        Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void theRealCecClientWakeRunsTheProgramFoundFirstOnThePath(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("record.txt");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        stub(bin, "echo \"args: $*\" >> '" + record + "'\nsed 's/^/stdin: /' >> '" + record + "'\n");
        String path = bin + ":" + System.getenv("PATH");

        TvWake wake = CecClientWake.forMode(CecClientWake.Mode.AUTO, path, log::add);
        assertInstanceOf(CecClientWake.class, wake);
        assertEquals(
                List.of(bin.resolve("cec-client").toString(), "-s", "-d", "1"), ((CecClientWake) wake).commandLine());
        wake.wake();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(record) ? Files.readAllLines(record) : List.of();
            if (lines.size() >= 4) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals(List.of("args: -s -d 1", "stdin: on 0", "args: -s -d 1", "stdin: as"), lines);
        assertEquals(List.of(), log);
    }

    @Test
    void aHangingCecClientIsKilledAtTheTimeLimit(@TempDir Path dir) throws Exception {
        Path script = stub(dir, "exec sleep 30\n");
        long start = System.nanoTime();
        CommandRunner.Result result = CommandRunner.PROCESSES.run(
                List.of(script.toString(), "-s", "-d", "1"), "on 0\n", Duration.ofMillis(300));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(result.timedOut());
        assertTrue(ms < 5000, "returned after " + ms + " ms");

        CecClientWake wake =
                new CecClientWake(script.toString(), CommandRunner.PROCESSES, Duration.ofMillis(300), direct, log::add);
        wake.wake();
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("did not finish"), log.get(0));
    }

    @Test
    void theRealRunnerReportsAMissingProgram(@TempDir Path dir) {
        CecClientWake wake = new CecClientWake(
                dir.resolve("cec-client").toString(), CommandRunner.PROCESSES, Duration.ofSeconds(1), direct, log::add);
        wake.wake();
        wake.wake();
        assertEquals(1, log.size(), log.toString());
    }
}
