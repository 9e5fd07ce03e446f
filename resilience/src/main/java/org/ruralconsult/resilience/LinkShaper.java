package org.ruralconsult.resilience;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Shapes a member's link in both directions: the rate with tc tbf on the two interfaces of the link
 * namespace (egress towards the member = downlink, towards the server = uplink), delay, jitter and loss with
 * {@code linkem} (this module's small C program, compiled here with cc), because sch_netem is missing
 * from many container kernels; tbf is everywhere. Changes at run time: tbf by {@code tc qdisc replace},
 * linkem by a line on its stdin.
 */
final class LinkShaper implements AutoCloseable {
    private final Topology.Member member;
    private final Process linkem;
    private final OutputStream control;
    private final StringBuffer log = new StringBuffer();

    private LinkShaper(Topology.Member member, Process linkem) {
        this.member = member;
        this.linkem = linkem;
        this.control = linkem.getOutputStream();
        Thread reader = new Thread(() -> drain(linkem.getInputStream()), "linkem-log");
        reader.setDaemon(true);
        reader.start();
    }

    static LinkShaper start(Topology.Member member, Path linkemBinary) throws IOException {
        if (member.linkNamespace() == null) {
            throw new IllegalArgumentException(member.name() + " has no link namespace");
        }
        Process p = new ProcessBuilder(
                        Shell.inNamespace(member.linkNamespace(), List.of(linkemBinary.toString(), "m1", "m2", "13")))
                .redirectErrorStream(true)
                .start();
        LinkShaper s = new LinkShaper(member, p);
        s.apply(Link.CLEAN);
        return s;
    }

    /** Sets both directions to {@code link}. */
    void apply(Link link) throws IOException {
        for (String dev : List.of("m1", "m2")) {
            // burst: at least 10 packets of 1500 bytes, so that tbf limits the rate, not the frame size; a
            // queue of at most 300 ms, then tail drop, as a radio link's buffer would
            int burstBytes = Math.max(15_000, link.rateKbit() * 1000 / 8 / 50);
            Shell.run(
                    "tc",
                    "-n",
                    member.linkNamespace(),
                    "qdisc",
                    "replace",
                    "dev",
                    dev,
                    "root",
                    "tbf",
                    "rate",
                    link.rateKbit() + "kbit",
                    "burst",
                    String.valueOf(burstBytes),
                    "latency",
                    "300ms");
        }
        String commands = link.linkemCommand("ab") + "\n" + link.linkemCommand("ba") + "\n";
        if (!linkem.isAlive()) {
            throw new IOException("linkem exited: " + log);
        }
        control.write(commands.getBytes(StandardCharsets.US_ASCII));
        control.flush();
    }

    /** Asks linkem for its counters so far (frames in, lost, sent per direction); they land in {@link #log()}. */
    void stats() throws IOException {
        control.write("stats\n".getBytes(StandardCharsets.US_ASCII));
        control.flush();
    }

    String log() {
        return log.toString();
    }

    private void drain(InputStream in) {
        try {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                log.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Compiles linkem from this module's resource into {@code dir} (cc, as for the load generator's reflector). */
    static Path compile(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path source = dir.resolve("linkem.c");
        try (InputStream in = LinkShaper.class.getResourceAsStream("linkem.c")) {
            if (in == null) {
                throw new IOException("linkem.c is not on the classpath");
            }
            Files.write(source, in.readAllBytes());
        }
        Path binary = dir.resolve("linkem");
        Shell.run("cc", "-O2", "-Wall", "-o", binary.toString(), source.toString());
        return binary;
    }

    @Override
    public void close() {
        try {
            control.write("stats\n".getBytes(StandardCharsets.US_ASCII));
            control.close();
            linkem.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            // exited already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        linkem.destroyForcibly();
    }
}
