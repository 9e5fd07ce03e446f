package org.ruralconsult.tv.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code package} (failsafe, {@code mvn verify}): the box tarball holds the launcher, the systemd unit and
 * the JavaFX and webrtc-java jars of its platform only, and its launcher starts ({@code --help}, which needs the
 * module path of JavaFX to resolve).
 */
class DistributionIT {
    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run through Maven (mvn -pl tv-client verify)");
        }
        return value;
    }

    @Test
    void theTarballHasTheLauncherAndThisPlatformsJars(@TempDir Path dir) throws Exception {
        Path tarball = Path.of(property("tv.dist.tarball"));
        String fx = property("tv.javafx.platform");
        String webrtc = property("tv.webrtc.platform");
        String fxVersion = property("tv.javafx.version");
        assertTrue(Files.isRegularFile(tarball), tarball + " missing");
        assertTrue(tarball.getFileName().toString().endsWith("-" + property("tv.dist.platform") + ".tar.gz"));

        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
                .inheritIO()
                .start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue());
        Path home;
        try (Stream<Path> top = Files.list(dir)) {
            List<Path> dirs = top.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            home = dirs.get(0);
        }
        assertTrue(home.getFileName().toString().startsWith("ruralconsult-tv-"), home.toString());

        Path launcher = home.resolve("bin/ruralconsult-tv");
        assertTrue(Files.isExecutable(launcher), "bin/ruralconsult-tv is not executable");
        assertTrue(Files.isRegularFile(home.resolve("share/ruralconsult-tv.service")));
        assertTrue(Files.isRegularFile(home.resolve("share/ruralconsult-tv.desktop")));

        Set<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        for (String module : List.of("base", "graphics", "controls", "media")) {
            assertTrue(jars.contains("javafx-" + module + "-" + fxVersion + "-" + fx + ".jar"), module + ": " + jars);
        }
        Set<String> javafx =
                jars.stream().filter(j -> j.startsWith("javafx-")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(4, javafx.size(), "only this platform's JavaFX jars: " + javafx);
        assertTrue(jars.stream().anyMatch(j -> j.matches("webrtc-java-[\\d.]+-" + webrtc + "\\.jar")), jars.toString());
        assertEquals(
                1,
                jars.stream()
                        .filter(j -> j.matches("webrtc-java-[\\d.]+-linux-.*\\.jar"))
                        .count(),
                "one platform's webrtc natives: " + jars);
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("tv-client-")), jars.toString());

        // The launcher starts: the JVM resolves the JavaFX modules (pure Java, any platform), TvFxMain answers.
        Process help = new ProcessBuilder(launcher.toString(), "--help")
                .redirectErrorStream(true)
                .start();
        assertTrue(help.waitFor(60, TimeUnit.SECONDS));
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, help.exitValue(), out);
        assertTrue(out.contains("usage: ") && out.contains("--cec auto|on|off"), out);
    }
}
