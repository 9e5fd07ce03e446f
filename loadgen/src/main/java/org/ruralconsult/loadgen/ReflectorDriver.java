package org.ruralconsult.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The limit of the machine: loadgen/bench/reflector.c built with cc into target/, one reflector process
 * per publishing participant that sends each datagram to the other two participants of its call. Plain
 * RTP, no ICE, DTLS or SRTP. The reflector prints its own CPU figures when idle; they come out in
 * {@link #extra()}.
 */
final class ReflectorDriver implements SystemDriver {
    private final Path binary;
    private final boolean waitForOne;
    private final MediaMode mode;
    private final List<Process> procs = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();
    private final List<String> selfReports = new ArrayList<>();

    /**
     * @param source {@code loadgen/bench/reflector.c}, built with cc into {@code buildDir}
     * @param waitForOne false: each read waits for a full batch of 64 datagrams, so that at low packet rates
     *     its latency is the time to collect 64 packets; true: it runs with {@code WAIT_FOR_ONE=1} (returns
     *     as soon as one datagram is there), the latency reference
     */
    ReflectorDriver(Path source, Path buildDir, boolean waitForOne, MediaMode mode)
            throws IOException, InterruptedException {
        Files.createDirectories(buildDir);
        this.waitForOne = waitForOne;
        this.mode = mode;
        binary = buildDir.resolve("reflector");
        Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
            throw new IOException("cc " + source + " failed: " + out);
        }
    }

    @Override
    public String name() {
        return waitForOne ? "reflector-w1" : "reflector";
    }

    /** Without WAIT_FOR_ONE the reflector holds packets until 64 are there: its latency says nothing at low rates. */
    @Override
    public boolean latencyMeaningful() {
        return waitForOne;
    }

    @Override
    public void start() {}

    @Override
    public List<Double> setUp(int calls, Stats stats, IoLoop io, Pacer pacer) throws Exception {
        List<Double> setup = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            long t0 = System.nanoTime();
            Conn[] p = new Conn[3];
            for (int i = 0; i < 3; i++) {
                p[i] = new Conn(io, false, stats);
                conns.add(p[i]);
            }
            for (int i = 0; i < 3; i++) {
                int listen = freePort();
                ProcessBuilder reflector = new ProcessBuilder(
                                binary.toString(),
                                Integer.toString(listen),
                                Integer.toString(p[(i + 1) % 3].localPort()),
                                Integer.toString(p[(i + 2) % 3].localPort()))
                        .redirectError(ProcessBuilder.Redirect.INHERIT);
                reflector.environment().put("WAIT_FOR_ONE", waitForOne ? "1" : "0");
                Process r = reflector.start();
                procs.add(r);
                p[i].remote(new InetSocketAddress("127.0.0.1", listen));
            }
            for (int i = 0; i < 3; i++) {
                // no signaling: every layer and RED go through as sent, and nothing stamps transport-cc
                Publisher pub = Publisher.create(p[i], stats, 2, mode);
                if (mode.red()) {
                    pub.useRed(Sdp.RED_PT);
                }
                pacer.add(pub);
                pacer.watch(p[i]);
            }
            setup.add((System.nanoTime() - t0) / 1e6);
        }
        return setup;
    }

    @Override
    public void tearDown() throws Exception {
        // the reflectors exit after IDLE (2 s) without packets and print their JSON line
        for (Process r : procs) {
            if (!r.waitFor(5, TimeUnit.SECONDS)) {
                r.destroy();
                r.waitFor(2, TimeUnit.SECONDS);
            }
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8))) {
                String line = in.readLine();
                if (line != null) {
                    selfReports.add(line);
                }
            }
        }
        procs.clear();
        for (Conn c : conns) {
            c.close();
        }
        conns.clear();
    }

    @Override
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Process p : procs) {
            pids.add(p.pid());
        }
        return pids;
    }

    /** The reflectors' own reports of the previous step, summed: packets out and CPU µs per packet out. */
    @Override
    public String extra() {
        if (selfReports.isEmpty()) {
            return null;
        }
        long out = 0;
        double cpu = 0;
        for (String l : selfReports) {
            out += Long.parseLong(l.replaceAll(".*\"packets_out\":(\\d+).*", "$1"));
            cpu += Double.parseDouble(l.replaceAll(".*\"cpu_s\":([0-9.]+).*", "$1"));
        }
        selfReports.clear();
        return String.format(
                java.util.Locale.ROOT,
                "\"reflector_self\":{\"packets_out\":%d,\"cpu_s\":%.3f,\"cpu_us_per_packet_out\":%.3f}",
                out,
                cpu,
                out == 0 ? 0 : cpu * 1e6 / out);
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process r : procs) {
            r.destroyForcibly();
        }
        procs.clear();
    }
}
