package org.ruralconsult.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the ramp's JSON lines into a Markdown table (stdout) and one gnuplot data file per system
 * ({@code DIR/SYSTEM.dat}: forwarded pps, p99 ms, CPU µs per forwarded packet), for loadgen/plot.sh.
 *
 * <pre>java -cp ... org.ruralconsult.loadgen.Report results.jsonl DIR</pre>
 */
public final class Report {
    private Report() {}

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        Map<String, StringBuilder> dat = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append("| system | calls | participants | forwarded pkt/s | loss | p50 µs | p99 µs | p99.9 µs |"
                + " relay CPU µs/pkt | relay RSS kB/participant | setup ms p50 | loadgen CPU s | over |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            JsonNode r = json.readTree(l);
            String sys = r.path("system").asText();
            if (r.has("error")) {
                md.append(String.format(
                        "| %s | %d | | | | | | | | | | | error: %s |%n",
                        sys, r.path("calls").asInt(), r.path("error").asText()));
                continue;
            }
            JsonNode lat = r.path("latency_us");
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.0f | %.4f | %d | %d | %d | %.2f | %.0f | %.0f | %.2f | %s |%n",
                    sys,
                    r.path("calls").asInt(),
                    r.path("participants").asInt(),
                    r.path("forwarded_pps").asDouble(),
                    r.path("loss").asDouble(),
                    lat.path("p50").asLong(),
                    lat.path("p99").asLong(),
                    lat.path("p999").asLong(),
                    r.path("relay_cpu_us_per_forwarded_packet").asDouble(),
                    r.path("relay_rss_kb_per_participant").asDouble(),
                    r.path("setup_ms").path("p50").asDouble(),
                    r.path("loadgen_cpu_s").asDouble(),
                    r.path("over_threshold").asBoolean() ? "yes" : ""));
            dat.computeIfAbsent(sys, k -> new StringBuilder("# forwarded_pps p99_ms cpu_us_per_packet\n"))
                    .append(String.format(
                            Locale.ROOT,
                            "%.1f %.3f %.3f%n",
                            r.path("forwarded_pps").asDouble(),
                            lat.path("p99").asLong() / 1000.0,
                            r.path("relay_cpu_us_per_forwarded_packet").asDouble()));
        }
        for (Map.Entry<String, StringBuilder> e : dat.entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".dat"), e.getValue());
        }
        System.out.print(md);
    }
}
