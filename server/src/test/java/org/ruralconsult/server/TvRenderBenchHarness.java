package org.ruralconsult.server;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;

/**
 * The rendering benchmark of the TV app (issue 11; a benchmark, not a test: nothing is asserted, and the
 * name keeps surefire away). This JVM runs the real signaling server with its in-process SFU (as {@code
 * TvReconnectTest} does) and a libwebrtc doctor publishing a 1280×720 30 fps synthetic picture; each run
 * starts the TV app in a JVM of its own ({@code tv-client}'s {@code fx.TvRenderBench}, full screen on the
 * X display in DISPLAY), the doctor calls, the TV answers with OK, and the doctor publishes as soon as the
 * call is ACTIVE (as the browser console does). The TV measures itself and prints one JSON line; this adds
 * the machine's load average before and after and the doctor's frames sent, and appends it to the output.
 *
 * <p>Arguments: {@code --tv-classpath CP [--tv-java-opts "..."] [--runs 3] [--warmup-s 10] [--measure-s 30]
 * [--out FILE]}. Started by {@code tv-client/run-render-bench.sh}.
 */
public final class TvRenderBenchHarness {
    public static void main(String[] args) throws Exception {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            named.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String tvClasspath = named.get("tv-classpath");
        List<String> tvJavaOpts =
                List.of(named.getOrDefault("tv-java-opts", "").trim().split("\\s+"));
        int runs = Integer.parseInt(named.getOrDefault("runs", "3"));
        int warmup = Integer.parseInt(named.getOrDefault("warmup-s", "10"));
        int measure = Integer.parseInt(named.getOrDefault("measure-s", "30"));
        Path out = Path.of(named.getOrDefault("out", "tv-render-bench.jsonl"));
        String xServerPid = named.getOrDefault("xserver-pid", "0");
        int code = 0;
        try (TestNode node = MediaNode.start();
                TvMediaEngine doctorEngine = TvMediaEngine.synthetic(true, 1280, 720, 30);
                WsClient doctor = node.ws("liming")) {
            Path tokenFile = Files.createTempFile("rc-tv-bench", ".token");
            Files.writeString(tokenFile, node.pairTv("pat-wang"));
            for (int run = 1; run <= runs; run++) {
                String line = run(
                        run,
                        node,
                        doctor,
                        doctorEngine,
                        tvClasspath,
                        tvJavaOpts,
                        tokenFile,
                        warmup,
                        measure,
                        xServerPid);
                if (line == null) {
                    code = 1;
                    continue;
                }
                System.out.println("RESULT " + line);
                Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        // libwebrtc's threads are left to process exit (STACK.md).
        Runtime.getRuntime().halt(code);
    }

    static Map<String, Object> videoOut(TvCallMedia media) {
        try {
            for (Map<String, Object> s : media.outboundStats().get(5, TimeUnit.SECONDS)) {
                if ("video".equals(String.valueOf(s.get("kind")))) {
                    return s;
                }
            }
        } catch (Exception e) {
            // reported as empty
        }
        return Map.of();
    }

    /** What the doctor's encoder did meanwhile: frames per second, size, and what limited it. */
    static JsonObject sent(Map<String, Object> a, Map<String, Object> b, double seconds) {
        JsonObject out = new JsonObject();
        if (a.get("framesEncoded") instanceof Number x && b.get("framesEncoded") instanceof Number y) {
            out.put("encoded_fps", Math.round((y.doubleValue() - x.doubleValue()) / seconds * 100) / 100.0);
        }
        if (a.get("bytesSent") instanceof Number x && b.get("bytesSent") instanceof Number y) {
            out.put("kbit_per_s", Math.round((y.doubleValue() - x.doubleValue()) * 8 / seconds / 1000));
        }
        out.put("frame_size", b.get("frameWidth") + "x" + b.get("frameHeight"));
        out.put("quality_limitation_reason", String.valueOf(b.get("qualityLimitationReason")));
        out.put("quality_limitation_durations", String.valueOf(b.get("qualityLimitationDurations")));
        out.put("target_bitrate", String.valueOf(b.get("targetBitrate")));
        return out;
    }

    static double ms(long ns) {
        return Math.round(ns / 1e5) / 10.0;
    }

    static String run(
            int run,
            TestNode node,
            WsClient doctor,
            TvMediaEngine doctorEngine,
            String tvClasspath,
            List<String> tvJavaOpts,
            Path tokenFile,
            int warmup,
            int measure,
            String xServerPid)
            throws Exception {
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        tvJavaOpts.stream().filter(s -> !s.isEmpty()).forEach(command::add);
        command.addAll(List.of(
                "-cp",
                tvClasspath,
                "org.ruralconsult.tv.fx.TvRenderBench",
                "--server",
                "http://127.0.0.1:" + node.port(),
                "--token-file",
                tokenFile.toString(),
                "--warmup-s",
                Integer.toString(warmup),
                "--measure-s",
                Integer.toString(measure),
                "--xserver-pid",
                xServerPid));
        Process tv = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<Long> okPressed = new CompletableFuture<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(tv.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.equals("READY")) {
                                ready.complete(null);
                            } else if (line.startsWith("OK ")) {
                                okPressed.complete(
                                        Long.parseLong(line.substring(3).trim()));
                            } else if (line.startsWith("RESULT ")) {
                                result.complete(line.substring("RESULT ".length()));
                            } else {
                                System.out.println("[tv " + run + "] " + line);
                            }
                        }
                    } catch (Exception e) {
                        // the TV ended
                    }
                    ready.completeExceptionally(new IllegalStateException("the TV ended before READY"));
                    result.completeExceptionally(new IllegalStateException("the TV ended without a RESULT"));
                },
                "tv-output");
        reader.setDaemon(true);
        reader.start();
        TvCallMedia doctorMedia = null;
        try {
            ready.get(90, TimeUnit.SECONDS);
            // The doctor calls the TV; once the elder has answered (ACTIVE), the doctor's camera is published.
            JsonObject created = doctor.ack(new JsonObject()
                    .put("type", "call.create")
                    .put("target", new JsonObject().put("kind", "patient_tv").put("id", "pat-wang")));
            String callId = created.getJsonObject("call").getString("id");
            doctor.awaitCall(callId, c -> "ACTIVE".equals(c.getString("state")));
            long activeNs = System.nanoTime();
            doctorMedia = doctorEngine.newCall();
            String offer = doctorMedia.publishOffer(false).get(10, TimeUnit.SECONDS);
            long offerNs = System.nanoTime();
            JsonObject answer = doctor.request(
                    new JsonObject()
                            .put("type", "media.publish")
                            .put("callId", callId)
                            .put("sdp", offer),
                    "media.answer");
            if (!"media.answer".equals(answer.getString("type"))) {
                throw new IllegalStateException("media.publish: " + answer.encode());
            }
            long answeredNs = System.nanoTime();
            doctorMedia.publishAnswer(answer.getString("sdp")).get(10, TimeUnit.SECONDS);
            long ok = okPressed.get(5, TimeUnit.SECONDS);
            long pushedBefore = doctorEngine.framesSent();
            long t0 = System.nanoTime();
            // The sender's own view, sampled at the start and the end of the TV's warm-up + window.
            Map<String, Object> sentBefore = videoOut(doctorMedia);
            String tvResult = result.get(warmup + measure + 120L, TimeUnit.SECONDS);
            Map<String, Object> sentAfter = videoOut(doctorMedia);
            double pushedFps = (doctorEngine.framesSent() - pushedBefore) / ((System.nanoTime() - t0) / 1e9);
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
            doctor.ack(new JsonObject().put("type", "call.end").put("callId", callId));
            JsonObject line = new JsonObject()
                    .put("run", run)
                    .put("load_before", loadBefore)
                    .put("load_after", loadAfter)
                    .put("doctor_frames_pushed_fps", Math.round(pushedFps * 100) / 100.0)
                    // The doctor's side after OK (both JVMs read CLOCK_MONOTONIC through System.nanoTime).
                    .put(
                            "doctor_after_ok_ms",
                            new JsonObject()
                                    .put("call_active_seen", ms(activeNs - ok))
                                    .put("publish_offer_made", ms(offerNs - ok))
                                    .put("publish_answered", ms(answeredNs - ok)))
                    .put("doctor_sent", sent(sentBefore, sentAfter, (System.nanoTime() - t0) / 1e9))
                    .put("tv", new JsonObject(tvResult));
            return line.encode();
        } catch (Exception | AssertionError e) { // WsClient's waits fail with AssertionError
            System.out.println("run " + run + " failed: " + e);
            return null;
        } finally {
            if (!tv.waitFor(15, TimeUnit.SECONDS)) {
                tv.destroyForcibly();
            }
            if (doctorMedia != null) {
                doctorMedia.close();
            }
        }
    }
}
