package org.ruralconsult.tv.fx;

import static org.ruralconsult.tv.fx.FxToolkit.onFx;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.event.Event;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.ruralconsult.tv.RecordedActions;
import org.ruralconsult.tv.TvOptions;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSessionListener;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.box.CecClientWake;
import org.ruralconsult.tv.box.RingAlert;
import org.ruralconsult.tv.media.RemoteVideo;
import org.ruralconsult.tv.media.VideoSlot;

/**
 * The TV side of the rendering benchmark (not a test: nothing is asserted): the real TV app, wired by {@link
 * TvFxApp#wire} and shown full screen in a real JavaFX stage (run it under Xvfb), answers a call with an OK
 * key event, and measures how it receives and draws the caller's video. Run by the {@code server} module's
 * {@code TvRenderBenchHarness} (through {@code tv-client/run-render-bench.sh}) in a JVM of its own, so that
 * the process's CPU and memory are the TV's alone (the server, SFU and the sending doctor live in the
 * harness's JVM).
 *
 * <p>Talks to the harness on stdout: {@code READY} once the home screen shows (the harness then calls), and
 * at the end one line {@code RESULT {json}}. Arguments: {@code --server URL --token-file PATH
 * [--warmup-s 10] [--measure-s 30]}.
 *
 * <p>Measured over the window after warm-up: frames decoded, dropped and taken ({@link VideoSlot}'s
 * counters), frames drawn ({@link VideoTile#framesShown}), the process's CPU time ({@code
 * getProcessCpuTime}: every thread, libwebrtc's native decoder and encoder included), the conversion's
 * CPU ({@link VideoSlot#conversionCpuNanos}: the converting thread's own clock), CPU by thread from {@code
 * /proc/self/task/N/stat} (the JavaFX thread and the Prism render thread are the drawing), heap and RSS.
 * Before it: the time from the OK press to the caller's first frame drawn, with milestones in between.
 */
public final class TvRenderBench {
    private static final double TICK_NS = 1e9 / 100; // USER_HZ; Linux reports 100 on every platform

    private final Map<String, Object> result = new LinkedHashMap<>();
    private TvFxApp.Wired parts;
    private FxVideoViews videos;
    private VideoSlot selfSlot;
    private long xServerPid;
    private volatile String doctorId;
    private volatile long videoAppearedNs;
    private volatile VideoSlot doctorSlot;
    private final java.util.concurrent.atomic.AtomicInteger reappeared =
            new java.util.concurrent.atomic.AtomicInteger();
    // written on the JavaFX thread by the probe
    private long okPressedNs;
    private long firstDecodedSeenNs;
    private long firstDrawnNs;
    private final CountDownLatch firstDrawn = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            named.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int code = 1;
        try {
            if (named.containsKey("local-fps")) {
                new TvRenderBench()
                        .runLocal(
                                Integer.parseInt(named.get("local-fps")),
                                Integer.parseInt(named.getOrDefault("warmup-s", "5")),
                                Integer.parseInt(named.getOrDefault("measure-s", "30")),
                                Long.parseLong(named.getOrDefault("xserver-pid", "0")));
                Runtime.getRuntime().halt(0);
            }
            new TvRenderBench()
                    .run(
                            URI.create(named.get("server")),
                            Path.of(named.get("token-file")),
                            Integer.parseInt(named.getOrDefault("warmup-s", "10")),
                            Integer.parseInt(named.getOrDefault("measure-s", "30")),
                            Long.parseLong(named.getOrDefault("xserver-pid", "0")));
            code = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        }
        // libwebrtc's threads are left to process exit (as the app does).
        Runtime.getRuntime().halt(code);
    }

    void run(URI server, Path tokenFile, int warmupS, int measureS, long xServerPid) throws Exception {
        this.xServerPid = xServerPid;
        FxToolkit.start(); // the script has started Xvfb on DISPLAY
        // loopbackOnly: the harness's SFU listens on 127.0.0.1, which libwebrtc skips unless told (STACK.md).
        onFx(() -> {
            parts = TvFxApp.wire(
                    new TvOptions(server, tokenFile, true, true),
                    TvText.chinese(),
                    new RingAlert(new FxRingTone(), CecClientWake.forMode(CecClientWake.Mode.OFF)));
            videos = parts.video();
            TvFxApp.show(new Stage(), parts.view(), false);
            return null;
        });
        parts.session().addListener(new TvSessionListener() {
            @Override
            public void videoAppeared(RemoteVideo video) {
                if (RemoteVideo.SELF.equals(video.participantId())) {
                    return;
                }
                if (doctorId == null) {
                    videoAppearedNs = System.nanoTime();
                    doctorId = video.participantId();
                } else {
                    reappeared.incrementAndGet(); // a new slot and tile for the same person: counters restart
                }
                doctorSlot = (VideoSlot) video;
            }
        });
        parts.session().start().get(20, TimeUnit.SECONDS);
        awaitScreen(TvScreen.Home.class, 30);
        System.out.println("READY");
        System.out.flush();

        awaitScreen(TvScreen.Ringing.class, 60);
        Thread.sleep(1000); // the elder hears it ring, then presses OK
        onFx(() -> {
            startProbe();
            okPressedNs = System.nanoTime();
            // The same clock as the harness's (CLOCK_MONOTONIC), for its milestones of the doctor's side.
            System.out.println("OK " + okPressedNs);
            // As the remote's OK arrives: a key event into the scene, through FxKeys to TvApp.
            Event.fireEvent(
                    parts.view().scene().getRoot(),
                    new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
            return null;
        });
        if (!firstDrawn.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no frame of the caller drawn within 60 s of OK");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok_to_video_appeared_ms", ms(videoAppearedNs - okPressedNs));
        answer.put("ok_to_first_decoded_seen_ms", ms(firstDecodedSeenNs - okPressedNs));
        answer.put("ok_to_first_frame_drawn_ms", ms(firstDrawnNs - okPressedNs));
        result.put("answer", answer);

        measure(warmupS, measureS);
    }

    private void measure(int warmupS, int measureS) throws Exception {
        // Each second from the first frame: frames decoded and drawn in it (warm-up and window alike).
        List<Long> decodedPerSecond = new java.util.ArrayList<>();
        List<Long> drawnPerSecond = new java.util.ArrayList<>();
        long lastDecoded = doctorSlot.framesDecoded();
        long lastDrawn = drawnFrames();
        Snapshot a = null;
        long maxRss = 0;
        int minWidth = Integer.MAX_VALUE;
        int minHeight = Integer.MAX_VALUE;
        for (int s = 0; s < warmupS + measureS; s++) {
            if (s == warmupS) {
                a = snapshot();
            }
            Thread.sleep(1000);
            long d = doctorSlot.framesDecoded();
            long n = drawnFrames();
            // After a re-appearance the counters restart at 0: count from there.
            decodedPerSecond.add(d >= lastDecoded ? d - lastDecoded : d);
            drawnPerSecond.add(n >= lastDrawn ? n - lastDrawn : n);
            lastDecoded = d;
            lastDrawn = n;
            if (s >= warmupS) {
                maxRss = Math.max(maxRss, status("VmRSS"));
                minWidth = Math.min(minWidth, doctorSlot.receivedWidth());
                minHeight = Math.min(minHeight, doctorSlot.receivedHeight());
            }
        }
        Map<String, Object> timeline = new LinkedHashMap<>();
        timeline.put("decoded_per_second", decodedPerSecond);
        timeline.put("drawn_per_second", drawnPerSecond);
        result.put("timeline_from_first_frame", timeline);
        Snapshot b = snapshot();
        if (b.slot != a.slot || b.tile != a.tile || reappeared.get() > 0) {
            // The counters of the window would mix two slots: said, not hidden.
            result.put("warning", "the caller's video re-appeared " + reappeared.get() + " times (a new slot)");
        }
        report(a, b, maxRss, minWidth, minHeight);
        System.out.println("RESULT " + json(result));
        System.out.flush();
    }

    /**
     * Conversion and drawing alone, without network or decoder: the call screen of the real app ({@link
     * TvFxView}, {@link FxVideoViews}, {@link VideoTile}) with a 1280×720 moving picture put into a real {@link
     * VideoSlot} at {@code fps} from a thread of its own (as libwebrtc's decoder thread does) and the self view
     * at 320×240, 15 fps (the synthetic camera's size and rate).
     */
    void runLocal(int fps, int warmupS, int measureS, long xServerPid) throws Exception {
        this.xServerPid = xServerPid;
        FxToolkit.start(); // the script has started Xvfb on DISPLAY
        doctorId = "doc-li";
        doctorSlot = new VideoSlot(doctorId);
        selfSlot = new VideoSlot(RemoteVideo.SELF);
        onFx(() -> {
            videos = new FxVideoViews(TvText.chinese());
            org.ruralconsult.tv.TvApp[] app = new org.ruralconsult.tv.TvApp[1];
            TvFxView view = new TvFxView(TvText.chinese(), videos, java.time.Clock.systemUTC(), k -> app[0].press(k));
            videos.onChange(view::refresh);
            app[0] = new org.ruralconsult.tv.TvApp(
                    new RecordedActions(new java.util.ArrayList<>()), view::show, (delay, task) -> () -> {});
            TvFxApp.show(new Stage(), view, false);
            app[0].inCallWith("c1", List.of(new TvScreen.Person("李明 医生", "城关镇卫生院", doctorId)));
            return null;
        });
        videos.devices(new org.ruralconsult.tv.media.DeviceStatus(true, true, true, true, "synthetic"));
        videos.selfView(selfSlot);
        videos.videoAppeared(doctorSlot);
        feed(doctorSlot, 1280, 720, fps);
        feed(selfSlot, 320, 240, 15);
        long t0 = System.nanoTime();
        while (drawnFrames() == 0) {
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                throw new IllegalStateException("nothing drawn");
            }
            Thread.sleep(20);
        }
        result.put("mode", "local: " + fps + " fps put into the slot, no network, no decoder");
        measure(warmupS, measureS);
    }

    /** A moving diagonal gradient, I420, put into the slot at a fixed rate from a thread of its own. */
    private static void feed(VideoSlot slot, int w, int h, int fps) {
        java.nio.ByteBuffer y = java.nio.ByteBuffer.allocateDirect(w * h);
        java.nio.ByteBuffer u = java.nio.ByteBuffer.allocateDirect(w * h / 4);
        java.nio.ByteBuffer v = java.nio.ByteBuffer.allocateDirect(w * h / 4);
        byte[] ramp = new byte[w + 256];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) i;
        }
        long[] n = {0};
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "local-decoder");
                    t.setDaemon(true);
                    return t;
                })
                .scheduleAtFixedRate(
                        () -> {
                            int shift = (int) (n[0]++ % 256);
                            for (int row = 0; row < h; row++) {
                                y.put(row * w, ramp, (row + shift) & 0xff, w);
                            }
                            for (int row = 0; row < h / 2; row++) {
                                u.put(row * (w / 2), ramp, (row + 128) & 0xff, w / 2);
                                v.put(row * (w / 2), ramp, (row + shift / 2) & 0xff, w / 2);
                            }
                            slot.put(y, w, u, w / 2, v, w / 2, w, h, 0);
                        },
                        0,
                        1_000_000 / fps,
                        TimeUnit.MICROSECONDS);
    }

    private long drawnFrames() throws Exception {
        return onFx(() -> videos.tile(doctorId).map(VideoTile::framesShown).orElse(0L));
    }

    /** Each pulse (JavaFX thread): when the caller's picture was first decoded and first drawn. */
    private void startProbe() {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                VideoSlot slot = doctorSlot;
                if (slot == null) {
                    return;
                }
                if (firstDecodedSeenNs == 0 && slot.framesDecoded() > 0) {
                    firstDecodedSeenNs = System.nanoTime();
                }
                VideoTile tile = videos.tile(doctorId).orElse(null);
                if (tile != null && tile.framesShown() > 0) {
                    firstDrawnNs = System.nanoTime();
                    firstDrawn.countDown();
                    stop();
                }
            }
        }.start();
    }

    private record Snapshot(
            VideoSlot slot,
            Object tile,
            long wallNs,
            long processCpuNs,
            long conversionNs,
            long selfConversionNs,
            long decoded,
            long dropped,
            long taken,
            long drawn,
            long selfDrawn,
            long gcCount,
            long gcMs,
            long xServerTicks,
            Map<Long, ThreadCpu> threads,
            Map<String, Object> inbound) {}

    private record ThreadCpu(String name, long ticks) {}

    private Snapshot snapshot() throws Exception {
        VideoSlot slot = doctorSlot;
        Object tile = onFx(() -> videos.tile(doctorId).orElse(null));
        long[] drawn = onFx(() -> new long[] {
            videos.tile(doctorId).map(VideoTile::framesShown).orElse(0L),
            videos.tile(RemoteVideo.SELF).map(VideoTile::framesShown).orElse(0L)
        });
        Map<String, Object> inbound = inboundVideo();
        long gcCount = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        VideoSlot self = parts == null
                ? selfSlot
                : parts.session()
                        .media()
                        .join()
                        .flatMap(m -> m.localVideo())
                        .map(v -> (VideoSlot) v)
                        .orElse(null);
        return new Snapshot(
                slot,
                tile,
                System.nanoTime(),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime(),
                slot.conversionCpuNanos(),
                self == null ? 0 : self.conversionCpuNanos(),
                slot.framesDecoded(),
                slot.framesDropped(),
                slot.framesTaken(),
                drawn[0],
                drawn[1],
                gcCount,
                gcMs,
                xServerPid > 0 ? ticks(Path.of("/proc/" + xServerPid + "/stat")) : -1,
                threads(),
                inbound);
    }

    private Map<String, Object> inboundVideo() {
        if (parts == null) {
            return Map.of();
        }
        try {
            List<Map<String, Object>> stats =
                    parts.session().media().join().orElseThrow().inboundStats().get(5, TimeUnit.SECONDS);
            for (Map<String, Object> s : stats) {
                if ("video".equals(String.valueOf(s.get("kind")))) {
                    return s;
                }
            }
        } catch (Exception e) {
            // reported as missing
        }
        return Map.of();
    }

    private void report(Snapshot a, Snapshot b, long maxRss, int minWidth, int minHeight) {
        double seconds = (b.wallNs - a.wallNs) / 1e9;
        long drawn = b.drawn - a.drawn;
        long decoded = b.decoded - a.decoded;
        long cpuNs = b.processCpuNs - a.processCpuNs;
        long conversionNs = b.conversionNs - a.conversionNs;

        Map<String, Object> frames = new LinkedHashMap<>();
        frames.put("window_s", round(seconds, 2));
        frames.put("size", doctorSlot.receivedWidth() + "x" + doctorSlot.receivedHeight());
        frames.put("converted_size", doctorSlot.width() + "x" + doctorSlot.height()); // as drawn (drawInside)
        frames.put("smallest_size_seen", minWidth + "x" + minHeight);
        frames.put("decoded", decoded);
        frames.put("dropped", b.dropped - a.dropped);
        frames.put("taken", b.taken - a.taken);
        frames.put("drawn", drawn);
        frames.put("decoded_fps", round(decoded / seconds, 2));
        frames.put("drawn_fps", round(drawn / seconds, 2));
        frames.put("self_view_drawn_fps", round((b.selfDrawn - a.selfDrawn) / seconds, 2));
        frames.put("inbound_frames_received", delta(a.inbound, b.inbound, "framesReceived"));
        frames.put("inbound_frames_decoded", delta(a.inbound, b.inbound, "framesDecoded"));
        frames.put("inbound_frames_dropped", delta(a.inbound, b.inbound, "framesDropped"));
        frames.put("inbound_frame_size", b.inbound.get("frameWidth") + "x" + b.inbound.get("frameHeight"));
        Object decodeTime = delta(a.inbound, b.inbound, "totalDecodeTime");
        if (decodeTime instanceof Number d && decoded > 0) {
            frames.put("decoder_wall_ms_per_frame", round(d.doubleValue() * 1000 / decoded, 2));
        }
        result.put("frames", frames);

        // CPU by thread, grouped by name (numbers stripped), in ms over the window.
        Map<String, Double> byName = new TreeMap<>();
        long drawTicks = 0;
        for (Map.Entry<Long, ThreadCpu> e : b.threads.entrySet()) {
            ThreadCpu before = a.threads.get(e.getKey());
            long ticks = e.getValue().ticks - (before == null ? 0 : before.ticks);
            if (ticks <= 0) {
                continue;
            }
            String name = e.getValue().name.replaceAll("[-_ ]?[0-9]+$", "");
            byName.merge(name, ticks * TICK_NS / 1e6, Double::sum);
            if (isDrawing(e.getValue().name)) {
                drawTicks += ticks;
            }
        }
        Map<String, Object> threads = new LinkedHashMap<>();
        byName.entrySet().stream()
                .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
                .forEach(e -> threads.put(e.getKey(), round(e.getValue() / seconds / 10, 2))); // % of a core

        double drawNs = drawTicks * TICK_NS;
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("whole_app_core_percent", round(cpuNs / 1e9 / seconds * 100, 1));
        cpu.put("whole_app_ms_per_drawn_frame", round(cpuNs / 1e6 / Math.max(1, drawn), 2));
        cpu.put("conversion_ms_per_decoded_frame", round(conversionNs / 1e6 / Math.max(1, decoded), 2));
        cpu.put("conversion_core_percent", round(conversionNs / 1e9 / seconds * 100, 1));
        cpu.put("drawing_threads_ms_per_drawn_frame", round(drawNs / 1e6 / Math.max(1, drawn), 2));
        cpu.put("drawing_threads_core_percent", round(drawNs / 1e9 / seconds * 100, 1));
        cpu.put("conversion_plus_drawing_core_percent", round((conversionNs + drawNs) / 1e9 / seconds * 100, 1));
        cpu.put(
                "conversion_plus_drawing_ms_per_drawn_frame",
                round((conversionNs + drawNs) / 1e6 / Math.max(1, drawn), 2));
        cpu.put(
                "self_view_conversion_core_percent",
                round((b.selfConversionNs - a.selfConversionNs) / 1e9 / seconds * 100, 2));
        if (a.xServerTicks >= 0 && b.xServerTicks >= 0) {
            // Not the app's: the X server (Xvfb) shows what the app sends it; a box's X server does the same.
            cpu.put(
                    "x_server_core_percent",
                    round((b.xServerTicks - a.xServerTicks) * TICK_NS / 1e9 / seconds * 100, 1));
        }
        cpu.put("gc_count", b.gcCount - a.gcCount);
        cpu.put("gc_ms", b.gcMs - a.gcMs);
        cpu.put("threads_core_percent", threads);
        result.put("cpu", cpu);

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("rss_mb_end", round(status("VmRSS") / 1024.0, 1));
        memory.put("rss_mb_max_in_window", round(maxRss / 1024.0, 1));
        memory.put("rss_mb_peak_process", round(status("VmHWM") / 1024.0, 1));
        memory.put("heap_used_mb", round(heap.getUsed() / 1048576.0, 1));
        memory.put("heap_committed_mb", round(heap.getCommitted() / 1048576.0, 1));
        memory.put("heap_max_mb", round(heap.getMax() / 1048576.0, 1));
        memory.put("non_heap_used_mb", round(nonHeap.getUsed() / 1048576.0, 1));
        result.put("memory", memory);
        result.put("jvm", ManagementFactory.getRuntimeMXBean().getInputArguments());
        result.put("prism", System.getProperty("prism.order", "(default)"));
    }

    /** The JavaFX thread (pulses, layout, the copy into the PixelBuffer) and Prism's render thread (upload). */
    private static boolean isDrawing(String thread) {
        return thread.startsWith("JavaFX Applicat")
                || thread.startsWith("QuantumRenderer")
                || thread.startsWith("llvmpipe");
    }

    private static Object delta(Map<String, Object> a, Map<String, Object> b, String key) {
        if (a.get(key) instanceof Number x && b.get(key) instanceof Number y) {
            return y instanceof Double || x instanceof Double
                    ? (Object) round(y.doubleValue() - x.doubleValue(), 3)
                    : (Object) (y.longValue() - x.longValue());
        }
        return "n/a";
    }

    /** utime + stime of every thread of this process, by thread id, with its name ({@code comm}). */
    private static Map<Long, ThreadCpu> threads() throws IOException {
        Map<Long, ThreadCpu> out = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, ticks(stat)));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    /** utime + stime (fields 14 and 15) of a /proc stat line, or of the file at that path. */
    private static long ticks(Path stat) {
        try {
            return ticks(Files.readString(stat));
        } catch (IOException e) {
            return -1;
        }
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A kB field of /proc/self/status. */
    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    private void awaitScreen(Class<? extends TvScreen> type, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!type.isInstance(parts.session().screen().get(5, TimeUnit.SECONDS))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + type.getSimpleName() + " screen; showing "
                        + parts.session().screen().join());
            }
            Thread.sleep(20);
        }
    }

    private static double ms(long ns) {
        return round(ns / 1e6, 1);
    }

    private static double round(double v, int digits) {
        double k = Math.pow(10, digits);
        return Math.round(v * k) / k;
    }

    /** Enough JSON for numbers, strings, lists and maps. */
    static String json(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : l) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(json(x));
            }
            return sb.append(']').toString();
        }
        if (o instanceof Number n) {
            return n instanceof Double d && (d.isNaN() || d.isInfinite())
                    ? "null"
                    : String.format(Locale.ROOT, "%s", n);
        }
        return '"' + String.valueOf(o).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
