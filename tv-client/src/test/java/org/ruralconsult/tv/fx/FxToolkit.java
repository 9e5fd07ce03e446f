package org.ruralconsult.tv.fx;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * The real JavaFX toolkit on a real X server for tests: starts Xvfb on the display that the build gave
 * this JVM (DISPLAY, set by the surefire configuration from {@code tv.fx.display}) unless one already
 * answers there, then starts JavaFX once. Fails (never skips) when Xvfb is missing.
 */
final class FxToolkit {
    private static volatile boolean started;
    private static Process xvfb;

    private FxToolkit() {}

    static synchronized void start() throws Exception {
        if (started) {
            return;
        }
        String display = System.getenv("DISPLAY");
        if (display == null || !display.startsWith(":")) {
            throw new IllegalStateException("DISPLAY is not set for this test JVM (the tv-client surefire"
                    + " configuration sets it from -Dtv.fx.display=:N); run through Maven");
        }
        String number = display.substring(1).replaceFirst("\\..*", "");
        Path socket = Path.of("/tmp/.X11-unix/X" + number);
        if (!Files.exists(socket)) {
            try {
                // -terminate: Xvfb ends when its last client (this JVM's JavaFX) goes, so the JVM's exit never
                // finds the X server killed under it (which GTK reports as a fatal I/O error).
                xvfb = new ProcessBuilder(
                                "Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-terminate")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Xvfb is not installed (scripts/install-test-deps.sh installs it)", e);
            }
            Process p = xvfb;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!started) {
                    p.destroy(); // never connected: -terminate would not end it
                }
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!Files.exists(socket)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Xvfb " + display + " exited with " + p.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Xvfb " + display + " did not start in 15 s");
                }
                Thread.sleep(50);
            }
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        if (!up.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("JavaFX did not start on " + display);
        }
        Platform.setImplicitExit(false);
        started = true;
    }

    /** Runs on the JavaFX thread and waits for the result. */
    static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    static void onFx(Runnable work) throws Exception {
        onFx(() -> {
            work.run();
            return null;
        });
    }

    /** Writes a snapshot as a PNG (the screenshots in docs/screenshots), creating its folder. */
    static void savePng(WritableImage image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getPixelReader().getPixels(0, y, w, 1, PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(out, "png", file.toFile());
    }
}
