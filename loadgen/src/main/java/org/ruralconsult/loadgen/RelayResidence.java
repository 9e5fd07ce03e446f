package org.ruralconsult.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The relay's own residence time per forwarded packet, read from its {@code /metrics}
 * ({@code rc_media_residence_seconds}, a Prometheus histogram per media worker: receive batch to the send
 * call, see media/README.md). Two scrapes around a step's window give the window's histogram; its
 * percentiles are the upper edges of the buckets they fall in (buckets 1, 2, 5 × 10^k µs), so a figure
 * reads "at most"; one above the top bucket (100 ms) reads {@link #ABOVE_TOP}. Independent of the
 * generator's own latency figure, which also holds the kernel's and the generator's time.
 */
final class RelayResidence {
    /** A percentile above the histogram's top bucket (100 ms). */
    static final String ABOVE_TOP = "over 100000";

    private static final String BUCKET = "rc_media_residence_seconds_bucket{";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    RelayResidence(String baseUrl) {
        this.metrics = URI.create(baseUrl + "/metrics");
    }

    /** Cumulative counts by upper edge in seconds, summed over the workers. */
    TreeMap<Double, Long> scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + metrics + ": " + r.statusCode());
        }
        return parse(r.body());
    }

    static TreeMap<Double, Long> parse(String text) {
        TreeMap<Double, Long> cumulative = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(BUCKET)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            int end = line.indexOf('"', le + 4);
            int space = line.lastIndexOf(' ');
            if (le < 0 || end < 0 || space < 0) {
                continue;
            }
            String edge = line.substring(le + 4, end);
            double seconds = edge.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(edge);
            long count = (long) Double.parseDouble(line.substring(space + 1).trim());
            cumulative.merge(seconds, count, Long::sum);
        }
        return cumulative;
    }

    /**
     * The window's figures (µs, upper bucket edges; null where the window has no packet): p50, p99, p99.9
     * and the count, from the cumulative histograms before and after it.
     */
    static Map<String, Object> window(TreeMap<Double, Long> before, TreeMap<Double, Long> after) {
        TreeMap<Double, Long> diff = new TreeMap<>();
        for (Map.Entry<Double, Long> e : after.entrySet()) {
            diff.put(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        long total = diff.isEmpty() ? 0 : diff.lastEntry().getValue();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("count", total);
        m.put("p50_us_at_most", percentile(diff, total, 0.5));
        m.put("p99_us_at_most", percentile(diff, total, 0.99));
        m.put("p999_us_at_most", percentile(diff, total, 0.999));
        return m;
    }

    private static Object percentile(TreeMap<Double, Long> cumulative, long total, double q) {
        if (total == 0) {
            return null;
        }
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() >= Math.ceil(q * total)) {
                return e.getKey().isInfinite() ? ABOVE_TOP : (Object) (Math.round(e.getKey() * 1e7) / 10.0);
            }
        }
        return null;
    }
}
