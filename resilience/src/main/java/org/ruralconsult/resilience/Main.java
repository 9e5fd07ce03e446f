package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * scripts/network-resilience.sh: every system through every profile, then the results section of
 * docs/network-resilience.md (between its markers) and the raw readings as JSON in the work folder.
 *
 * <pre>
 * Main [--quick] [--systems sfu-adaptive,sfu-plain,janus] [--out docs/network-resilience.md]
 *      [--work resilience/target/resilience] [--timeout-minutes 25]
 * </pre>
 */
public final class Main {
    static final String BEGIN = "<!-- results:begin (written by scripts/network-resilience.sh) -->";
    static final String END = "<!-- results:end -->";

    private Main() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String systems = null;
        Path out = Path.of("docs/network-resilience.md");
        Path work = Path.of("resilience/target/resilience");
        int timeoutMinutes = 25;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--systems" -> systems = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--timeout-minutes" -> timeoutMinutes = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("needs root (network namespaces, tc): run with sudo");
            System.exit(2);
        }
        if (systems == null) {
            systems = quick ? "sfu-adaptive" : "sfu-adaptive,sfu-plain,janus";
        }
        List<Profile> profiles = quick
                ? List.of(Profile.island(20))
                : List.of(Profile.van(40), Profile.island(40), Profile.drop(10, 30, 30));
        int settle = quick ? 5 : 10;

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Topology.sweep();
            } catch (Exception e) {
                // best effort on the way out
            }
        }));
        int limit = timeoutMinutes;
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(limit * 60_000L);
                        ConsultRun.log("timed out after " + limit + " minutes");
                        System.exit(3);
                    } catch (InterruptedException e) {
                        // finished in time
                    }
                },
                "resilience-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Files.createDirectories(work);
        Path linkem = LinkShaper.compile(work.resolve("bin"));
        Path seed = work.resolve("county.json").toAbsolutePath();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        org.ruralconsult.loadgen.SeedCounty.main(new String[] {seed.toString(), "1"});
        System.setOut(stdout);

        List<ConsultRun.Result> results = new ArrayList<>();
        for (String s : systems.split(",")) {
            ConsultRun.Subject subject = ConsultRun.Subject.of(s.trim());
            results.add(ConsultRun.run(subject, profiles, settle, work.resolve(subject.id), linkem, seed));
        }
        String when = Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC";
        String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + (quick ? ", --quick" : "");
        String section = Report.markdown(results, when, machine);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(work.resolve("results.json").toFile(), results);
        String doc = Files.exists(out) ? Files.readString(out) : BEGIN + "\n" + END + "\n";
        int a = doc.indexOf(BEGIN);
        int b = doc.indexOf(END);
        if (a < 0 || b < a) {
            doc = doc + "\n" + BEGIN + "\n" + END + "\n";
            a = doc.indexOf(BEGIN);
            b = doc.indexOf(END);
        }
        doc = doc.substring(0, a + BEGIN.length()) + "\n\n" + section + "\n" + doc.substring(b);
        Files.writeString(out, doc);
        System.out.println(section);
        ConsultRun.log("written: " + out + " and " + work.resolve("results.json"));
        watchdog.interrupt();
        System.exit(0);
    }
}
