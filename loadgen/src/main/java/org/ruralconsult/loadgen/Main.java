package org.ruralconsult.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The load ramp: for each system, steps of N three-way calls; per step one JSON line (docs/benchmarks.md
 * has the schema). Stops a system at the first step where loss or p99 latency crosses its threshold.
 *
 * <pre>
 * java -cp ... org.ruralconsult.loadgen.Main --systems reflector,janus --calls 1,2,4,8 --step-seconds 10
 * </pre>
 */
public final class Main {
    private Main() {}

    /** Command-line options with their defaults. */
    static final class Options {
        List<String> systems = List.of("reflector-w1", "reflector", "janus");
        int[] calls = {1, 2, 4, 8};
        double stepSeconds = 10;
        double warmupSeconds = 2;
        /** Before the ramp: the first step's load, unmeasured, so that JIT compilation is over (0: none). */
        double prewarmSeconds = 0;

        double maxLoss = 0.01;
        double maxP99Millis = 30;
        Path benchDir;
        Path work = Path.of("target", "bench");
        Path out;
        String sfuUrl = "http://127.0.0.1:8080";
        String sfuPassword = "consult2026";
        String sfuLogins = "liming,zhangfang,wangjianguo";
        long sfuPid = -1;
        /** For sfu-wN: the server's classpath, seed file, java options; the server is started by the driver. */
        String sfuClasspath;

        String sfuSeed;
        String sfuJavaOpts = "-Xms512m -Xmx2g";
        int sfuPort = 18080;
        int sfuMediaPort = 20000;
        /** Unreachable by default: records wait in the outbox, no FHIR server shares the CPU. */
        String sfuFhirUrl = "http://127.0.0.1:9/fhir";
        /** CPUs (taskset list) for every relay process; null: wherever the OS likes. */
        String relayCpus;
        /** CPUs (taskset list) for this generator; null: wherever the OS likes. */
        String loadgenCpus;
        /** CPUs for the relay's media worker threads alone (sfu*: media-worker*); the rest stay on relayCpus. */
        String relayWorkerCpus;
        /** Where to write each step's latency over time (Timeline CSV); null: not written. */
        Path timelineDir;
        /** Three simulcast layers per publisher instead of one video stream. */
        boolean simulcast;

        /** Opus RED (RFC 2198) where the relay accepts it. */
        boolean red;
        /** Transport-cc feedback where the relay offers the transport-wide sequence number extension. */
        boolean transportCc;

        MediaMode mode() {
            return new MediaMode(simulcast, red, transportCc);
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--systems" -> o.systems = Arrays.asList(v.split(","));
                    case "--calls" -> o.calls = Arrays.stream(v.split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                    case "--step-seconds" -> o.stepSeconds = Double.parseDouble(v);
                    case "--warmup-seconds" -> o.warmupSeconds = Double.parseDouble(v);
                    case "--prewarm-seconds" -> o.prewarmSeconds = Double.parseDouble(v);
                    case "--max-loss" -> o.maxLoss = Double.parseDouble(v);
                    case "--max-p99-ms" -> o.maxP99Millis = Double.parseDouble(v);
                    case "--bench-dir" -> o.benchDir = Path.of(v);
                    case "--work" -> o.work = Path.of(v);
                    case "--out" -> o.out = Path.of(v);
                    case "--sfu-url" -> o.sfuUrl = v;
                    case "--sfu-password" -> o.sfuPassword = v;
                    case "--sfu-logins" -> o.sfuLogins = v;
                    case "--sfu-pid" -> o.sfuPid = Long.parseLong(v);
                    case "--sfu-classpath" -> o.sfuClasspath = v;
                    case "--sfu-seed" -> o.sfuSeed = v;
                    case "--sfu-java-opts" -> o.sfuJavaOpts = v;
                    case "--sfu-port" -> o.sfuPort = Integer.parseInt(v);
                    case "--sfu-media-port" -> o.sfuMediaPort = Integer.parseInt(v);
                    case "--sfu-fhir-url" -> o.sfuFhirUrl = v;
                    case "--relay-cpus" -> o.relayCpus = v;
                    case "--loadgen-cpus" -> o.loadgenCpus = v;
                    case "--relay-worker-cpus" -> o.relayWorkerCpus = v;
                    case "--timeline-dir" -> o.timelineDir = Path.of(v);
                    case "--simulcast" -> o.simulcast = Boolean.parseBoolean(v);
                    case "--red" -> o.red = Boolean.parseBoolean(v);
                    case "--transport-cc" -> o.transportCc = Boolean.parseBoolean(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (o.benchDir == null) {
                o.benchDir = findBenchDir();
            }
            return o;
        }

        /** This module's bench/ (reflector, network namespace, Janus), from the repository root or the module. */
        static Path findBenchDir() {
            for (String p : List.of("loadgen/bench", "bench", "../loadgen/bench")) {
                if (Files.isRegularFile(Path.of(p, "reflector.c"))) {
                    return Path.of(p).toAbsolutePath().normalize();
                }
            }
            throw new IllegalStateException("cannot find loadgen/bench; pass --bench-dir");
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        PrintStream out = System.out;
        if (o.loadgenCpus != null) {
            CpuAffinity.pin(ProcessHandle.current().pid(), o.loadgenCpus);
        }
        for (String system : o.systems) {
            try (SystemDriver d = driver(system, o)) {
                // stopped by a signal (SIGTERM, Ctrl-C): still stop what we started (Janus, reflectors)
                Thread stopper = new Thread(() -> {
                    try {
                        d.close();
                    } catch (Exception e) {
                        // exiting anyway
                    }
                });
                Runtime.getRuntime().addShutdownHook(stopper);
                for (String line : ramp(d, o)) {
                    out.println(line);
                    if (o.out != null) {
                        Files.writeString(
                                o.out,
                                line + "\n",
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    }
                }
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
        }
    }

    static SystemDriver driver(String system, Options o) throws IOException, InterruptedException {
        return switch (system) {
            case "reflector" -> new ReflectorDriver(o.benchDir.resolve("reflector.c"), o.work, false, o.mode());
            case "reflector-w1" -> new ReflectorDriver(o.benchDir.resolve("reflector.c"), o.work, true, o.mode());
            case "janus" -> new JanusDriver(o.benchDir.resolve("start-janus.sh"), o.work.resolve("janus"), o.mode());
            case "sfu" -> new SfuDriver("sfu", o.sfuUrl, o.sfuPassword, o.sfuLogins, o.sfuPid, null, o.mode());
            default -> {
                if (system.matches("sfu-w[0-9]+(-nogso)?(-plain)?")) {
                    yield new SfuDriver(system, null, o.sfuPassword, o.sfuLogins, -1, launch(system, o), o.mode());
                }
                throw new IllegalArgumentException(
                        "unknown system " + system
                                + " (reflector, reflector-w1, janus, sfu, sfu-w1, sfu-w2, ..., sfu-w1-nogso, sfu-w1-plain, ...)");
            }
        };
    }

    /**
     * The server command line for {@code sfu-wN}: our whole system with N media workers; {@code sfu-wN-nogso}
     * turns UDP segmentation offload off (one datagram per send), to measure what it saves; {@code -plain} runs
     * it with {@code --media-adaptive false} (no estimator, no layer per subscriber: the relay before issue 13).
     */
    static SfuDriver.Launch launch(String system, Options o) throws IOException {
        if (o.sfuClasspath == null || o.sfuSeed == null) {
            throw new IllegalArgumentException(
                    system + " needs --sfu-classpath and --sfu-seed (run-bench.sh sets them)");
        }
        boolean gso = !system.contains("-nogso");
        boolean adaptive = !system.endsWith("-plain");
        int workers = Integer.parseInt(
                system.substring("sfu-w".length()).replace("-nogso", "").replace("-plain", ""));
        Path dir = o.work.resolve(system).toAbsolutePath();
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(o.sfuJavaOpts.trim().split("\\s+")));
        cmd.addAll(List.of(
                "-cp",
                o.sfuClasspath,
                "org.ruralconsult.server.Main",
                "--port",
                String.valueOf(o.sfuPort),
                "--media-port",
                String.valueOf(o.sfuMediaPort),
                "--media-workers",
                String.valueOf(workers),
                "--data-dir",
                dir.resolve("data").toString(),
                "--seed",
                o.sfuSeed,
                "--fhir-url",
                o.sfuFhirUrl,
                "--media-gso",
                String.valueOf(gso),
                "--media-adaptive",
                String.valueOf(adaptive)));
        return new SfuDriver.Launch(cmd, dir.resolve("server.log"), "http://127.0.0.1:" + o.sfuPort);
    }

    /** Runs the steps on one system; returns the JSON lines. */
    static List<String> ramp(SystemDriver d, Options o) throws Exception {
        List<String> lines = new ArrayList<>();
        d.start();
        pinRelay(d, o);
        long self = ProcessHandle.current().pid();
        try (IoLoop io = new IoLoop("loadgen-io");
                Pacer pacer = new Pacer()) {
            prewarm(d, o, io, pacer);
            for (int step = 0; step < o.calls.length; step++) {
                int calls = o.calls[step];
                Stats stats = new Stats();
                stats.videoExpectedAtReceiver = o.simulcast;
                long rssBefore = rss(d.pids());
                List<Double> setup;
                Map<String, Object> r = new LinkedHashMap<>();
                try {
                    setup = d.setUp(calls, stats, io, pacer);
                    List<Long> pids = d.pids();
                    pinRelay(d, o);
                    // the generator's own collection now, not inside the window: its pauses stop the receive
                    // thread and would be counted as the relay's latency (run-bench.sh gives it a young
                    // generation that a 10 s window does not fill)
                    System.gc();
                    sleep(o.warmupSeconds);
                    RelayResidence residence =
                            d.metricsBaseUrl() == null ? null : new RelayResidence(d.metricsBaseUrl());
                    var residence0 = residence == null ? null : residence.scrape();
                    double cpu0 = cpu(pids);
                    double workers0 = threadCpu(pids, d.workerThreadPrefix());
                    double self0 = ProcStat.cpuSeconds(self);
                    long start = System.nanoTime();
                    Timeline timeline = o.timelineDir == null ? null : new Timeline(start, o.stepSeconds);
                    stats.timeline = timeline;
                    pacer.timeline = timeline;
                    stats.open(start);
                    sleep(o.stepSeconds);
                    stats.close(System.nanoTime());
                    double cpu1 = cpu(pids);
                    double workers1 = threadCpu(pids, d.workerThreadPrefix());
                    double self1 = ProcStat.cpuSeconds(self);
                    long rssAfter = rss(pids);
                    var residence1 = residence == null ? null : residence.scrape();
                    sleep(0.5); // packets sent inside the window still in flight
                    pacer.timeline = null;
                    pacer.clear();
                    r = result(d.name(), step, calls, stats, setup, cpu1 - cpu0, self1 - self0, rssBefore, rssAfter, o);
                    if (residence != null) {
                        r.put("relay_residence", RelayResidence.window(residence0, residence1));
                    }
                    if (timeline != null) {
                        Path csv = o.timelineDir.resolve("timeline-" + d.name() + "-" + calls + ".csv");
                        timeline.write(csv);
                        r.put("timeline", csv.toString());
                        r.put("timeline_summary", timeline.summary());
                    }
                    if (o.relayCpus != null || o.loadgenCpus != null || o.relayWorkerCpus != null) {
                        r.put("relay_cpus", o.relayCpus);
                        r.put("loadgen_cpus", o.loadgenCpus);
                        r.put("relay_worker_cpus", o.relayWorkerCpus);
                    }
                    if (d.workerThreadPrefix() != null) {
                        long received = stats.received.sum();
                        r.put("relay_worker_threads", d.workerThreadPrefix() + "*");
                        r.put("relay_worker_cpu_s", round(workers1 - workers0, 3));
                        r.put(
                                "relay_worker_cpu_us_per_forwarded_packet",
                                received == 0 ? null : round((workers1 - workers0) * 1e6 / received, 3));
                    }
                    if (!d.latencyMeaningful()) {
                        r.put("over_threshold", (double) r.get("loss") > o.maxLoss);
                        r.put("latency_note", "recvmmsg waits for 64 datagrams");
                    }
                } catch (Exception e) {
                    pacer.clear();
                    r.put("system", d.name());
                    r.put("step", step);
                    r.put("calls", calls);
                    r.put("error", String.valueOf(e));
                    r.put("over_threshold", true);
                }
                d.tearDown();
                String extra = d.extra();
                String line = toJson(r);
                if (extra != null) {
                    line = line.substring(0, line.length() - 1) + "," + extra + "}";
                }
                lines.add(line);
                System.err.println(line);
                if (Boolean.TRUE.equals(r.get("over_threshold"))) {
                    break;
                }
            }
        }
        return lines;
    }

    /** The relay's processes on --relay-cpus, then its media workers on --relay-worker-cpus. */
    static void pinRelay(SystemDriver d, Options o) throws IOException, InterruptedException {
        CpuAffinity.pinAll(d.pids(), o.relayCpus);
        if (o.relayWorkerCpus == null) {
            return;
        }
        if (d.workerThreadPrefix() == null) {
            throw new IllegalArgumentException(d.name() + " has no media worker threads to pin apart");
        }
        for (long pid : d.pids()) {
            CpuAffinity.pinThreads(pid, d.workerThreadPrefix(), o.relayWorkerCpus);
        }
    }

    /**
     * Runs the first step's load once without measuring it: a JVM relay compiles its hot path in the first
     * tens of seconds, and that one-time cost is not the relay's cost per packet.
     */
    static void prewarm(SystemDriver d, Options o, IoLoop io, Pacer pacer) throws Exception {
        if (o.prewarmSeconds <= 0 || o.calls.length == 0) {
            return;
        }
        System.err.printf("%s: pre-warm, %d calls for %.0f s (not measured)%n", d.name(), o.calls[0], o.prewarmSeconds);
        try {
            Stats unmeasured = new Stats();
            unmeasured.videoExpectedAtReceiver = o.simulcast;
            d.setUp(o.calls[0], unmeasured, io, pacer);
            sleep(o.prewarmSeconds);
        } finally {
            pacer.clear();
            d.tearDown();
        }
    }

    static Map<String, Object> result(
            String system,
            int step,
            int calls,
            Stats s,
            List<Double> setup,
            double relayCpu,
            double selfCpu,
            long rssBefore,
            long rssAfter,
            Options o) {
        Histogram h = s.latencyMicros();
        long sent = s.sent.sum();
        long expected = s.expected.sum();
        long received = s.received.sum();
        double window = s.windowSeconds();
        double loss = expected == 0 ? 1.0 : Math.max(0, 1.0 - (double) received / expected);
        double p99ms = h.getValueAtPercentile(99) / 1000.0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("system", system);
        r.put("step", step);
        r.put("calls", calls);
        r.put("participants", calls * 3);
        r.put("media", o.mode().describe());
        r.put("window_s", round(window, 3));
        r.put("sent_packets", sent);
        r.put("expected_packets", expected);
        r.put("received_packets", received);
        r.put("loss", round(loss, 5));
        r.put("forwarded_pps", round(received / window, 1));
        r.put("relay_cpu_s", round(relayCpu, 3));
        r.put("relay_cpu_us_per_forwarded_packet", received == 0 ? null : round(relayCpu * 1e6 / received, 3));
        r.put("loadgen_cpu_s", round(selfCpu, 3));
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("p50", h.getValueAtPercentile(50));
        lat.put("p99", h.getValueAtPercentile(99));
        lat.put("p999", h.getValueAtPercentile(99.9));
        lat.put("max", h.getMaxValue());
        r.put("latency_us", lat);
        r.put("relay_rss_kb", rssAfter);
        r.put("relay_rss_kb_per_participant", round((rssAfter - Math.max(0, rssBefore)) / (calls * 3.0), 1));
        List<Double> sorted = new ArrayList<>(setup);
        sorted.sort(Double::compare);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("p50", sorted.isEmpty() ? null : round(sorted.get(sorted.size() / 2), 1));
        st.put("max", sorted.isEmpty() ? null : round(sorted.get(sorted.size() - 1), 1));
        r.put("setup_ms", st);
        Map<String, Object> rtcp = new LinkedHashMap<>();
        rtcp.put("rr_sent", s.rrSent.sum());
        rtcp.put("nack_sent", s.nackSent.sum());
        rtcp.put("pli_sent", s.pliSent.sum());
        rtcp.put("pli_fir_received", s.pliReceived.sum());
        rtcp.put("nack_received", s.nackReceived.sum());
        rtcp.put("received", s.rtcpReceived.sum());
        rtcp.put("transport_cc_sent", s.transportCcSent.sum());
        rtcp.put("transport_cc_packets_noted", s.transportCcNoted.sum());
        r.put("rtcp", rtcp);
        if (o.simulcast) {
            // which layers the subscribers got: the relay's choice (one per stream) or all (reflector)
            Map<String, Object> layers = new LinkedHashMap<>();
            for (int i = 0; i < s.videoByLayer.length; i++) {
                layers.put(Publisher.SIMULCAST.get(i).rid(), s.videoByLayer[i].sum());
            }
            r.put("video_received_by_layer", layers);
        }
        r.put("key_frames", s.keyFrames.sum());
        r.put("undecryptable", s.undecryptable.sum());
        r.put("before_keys", s.beforeKeys.sum());
        r.put("over_threshold", loss > o.maxLoss || p99ms > o.maxP99Millis);
        return r;
    }

    private static double cpu(List<Long> pids) {
        double sum = 0;
        for (long p : pids) {
            double c = ProcStat.cpuSeconds(p);
            if (!Double.isNaN(c)) {
                sum += c;
            }
        }
        return sum;
    }

    private static double threadCpu(List<Long> pids, String prefix) {
        if (prefix == null) {
            return 0;
        }
        double sum = 0;
        for (long p : pids) {
            double c = ProcStat.threadCpuSeconds(p, prefix);
            if (!Double.isNaN(c)) {
                sum += c;
            }
        }
        return sum;
    }

    private static long rss(List<Long> pids) {
        long sum = 0;
        for (long p : pids) {
            sum += Math.max(0, ProcStat.rssKb(p));
        }
        return sum;
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** A small JSON writer for maps, numbers, strings, booleans and null. */
    static String toJson(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(toJson(String.valueOf(e.getKey()))).append(':').append(toJson(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%s", d);
        }
        return String.valueOf(v);
    }
}
