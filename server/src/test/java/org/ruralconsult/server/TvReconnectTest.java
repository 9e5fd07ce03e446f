package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.MediaPublish;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.ConnectionState;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSessionListener;
import org.ruralconsult.tv.fx.FxTv;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;
import org.ruralconsult.tv.media.VideoPicture;

/**
 * The TV app (its JavaFX window, on Xvfb) against the real signaling server with its in-process SFU and a
 * libwebrtc doctor (no browser, no FHIR server: small enough for every run). The doctor's decoded picture
 * is drawn in the large view; the network between TV and server is cut mid-call (a TCP proxy drops every
 * connection and refuses new ones for a moment): the TV draws "connection lost, reconnecting" at once,
 * remote keys pressed meanwhile throw nothing, it reconnects, rejoins the call, draws the call again, and
 * the doctor's picture keeps coming after the ICE restart; then the clinic revokes the TV and it draws the
 * pairing screen with its token deleted.
 */
class TvReconnectTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theTvSeesTheDoctorSurvivesACutAndReturnsToPairingWhenRevoked() throws Exception {
        Path dir = Files.createTempDirectory("rc-tv-reconnect");
        Path tokenFile = dir.resolve("tv-token");
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        List<String> largeViews = new CopyOnWriteArrayList<>();
        try (TestNode node = MediaNode.start();
                Proxy proxy = new Proxy(node.port());
                TvMediaEngine doctorEngine = new TvMediaEngine(true)) {
            Files.writeString(tokenFile, node.pairTv("pat-wang"));
            try (FxTv tv = FxTv.open(URI.create("http://127.0.0.1:" + proxy.port()), tokenFile);
                    WsClient doctor = node.ws("liming");
                    TvCallMedia doctorMedia = doctorEngine.newCall()) {
                tv.session().addListener(new TvSessionListener() {
                    @Override
                    public void connection(ConnectionState state) {
                        states.add(state);
                    }

                    @Override
                    public void largeView(String participantId) {
                        largeViews.add(participantId);
                    }
                });
                tv.waitFor(TvScreen.Home.class, WAIT);

                // The doctor calls; the elder answers with OK; the doctor publishes camera and microphone.
                JsonObject created = doctor.ack(new JsonObject()
                        .put("type", "call.create")
                        .put(
                                "target",
                                new JsonObject().put("kind", "patient_tv").put("id", "pat-wang")));
                String callId = created.getJsonObject("call").getString("id");
                tv.waitFor(TvScreen.Ringing.class, WAIT);
                tv.key(KeyCode.ENTER);
                tv.waitFor(TvScreen.InCall.class, WAIT);
                MediaPublish.publish(doctor, doctorMedia, callId);

                // The doctor's decoded picture is drawn large, and it is a picture, not a flat colour.
                await(
                        "the doctor's picture drawn large",
                        () -> "doc-li".equals(participant(tv)) && framesShown(tv) > 10);
                assertTrue(tv.coloursIn("video-large") > 8, "a real picture, not a flat colour");
                await("the doctor is the large view", () -> largeViews.contains("doc-li") ? true : null);
                assertTrue(
                        tv.session().media().join().orElseThrow().localVideo().isPresent(), "the self view");

                // The network is cut: the TV draws the notice at once; keys pressed meanwhile throw nothing.
                proxy.refuse(true);
                proxy.cut();
                tv.waitFor(TvScreen.Reconnecting.class, WAIT);
                tv.screenshot(Path.of(System.getProperty("tv.screenshots", "target/screenshots"))
                        .resolve("tv-e2e-reconnecting.png"));
                assertTrue(states.contains(ConnectionState.LOST), "the TV reports the loss: " + states);
                tv.key(KeyCode.ESCAPE);
                tv.key(KeyCode.ENTER); // keys wait while reconnecting: no "hang up" goes anywhere
                tv.key(KeyCode.DOWN);
                doctor.awaitCall(callId, c -> memberState(c, "tv-wang").equals("DISCONNECTED"));
                proxy.refuse(false);

                // It comes back by itself, rejoins the call, draws it again, and pictures flow again.
                doctor.awaitCall(callId, c -> memberState(c, "tv-wang").equals("JOINED"));
                await("connected again", () -> last(states) == ConnectionState.CONNECTED ? true : null);
                tv.waitFor(TvScreen.InCall.class, WAIT);
                long before = framesShown(tv);
                await(
                        "the doctor's picture drawn again after the reconnect",
                        () -> "doc-li".equals(participant(tv)) && framesShown(tv) > before + 30);

                // The clinic revokes the TV: back to pairing, token gone.
                String admin = node.token("admin");
                var revoked = node.post("/api/devices/" + tv.session().partyId() + "/revoke", admin, new JsonObject());
                assertEquals(200, revoked.statusCode(), revoked.bodyAsString());
                tv.waitFor(TvScreen.Pairing.class, WAIT);
                assertTrue(states.contains(ConnectionState.REVOKED), "revoked: " + states);
                assertFalse(Files.exists(tokenFile), "the void token is deleted");
                tv.key(KeyCode.ENTER); // nothing to press on the pairing screen, and nothing throws
            }
        }
    }

    private static String participant(FxTv tv) {
        try {
            return tv.participantIn("video-large").orElse(null);
        } catch (Exception e) {
            return null; // not the call screen now
        }
    }

    private static long framesShown(FxTv tv) {
        try {
            return tv.framesShownIn("video-large");
        } catch (Exception e) {
            return 0;
        }
    }

    static String memberState(JsonObject call, String partyId) {
        for (Object o : call.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            if (partyId.equals(m.getJsonObject("party").getString("id"))) {
                return m.getString("state");
            }
        }
        return "";
    }

    static int distinctColours(VideoPicture p) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < p.width * p.height; i += 7) {
            seen.add(p.pixels[i]);
        }
        return seen.size();
    }

    static <T> T last(List<T> list) {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        await(what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    static <T> T await(String what, Supplier<T> value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A TCP proxy in front of the server: the "network" the test cuts. */
    static final class Proxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean refuse;

        Proxy(int target) throws IOException {
            this.target = target;
            Thread accept = new Thread(this::accept, "proxy-accept");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void refuse(boolean refuse) {
            this.refuse = refuse;
        }

        /** Drops every connection at once, as a pulled cable seen by both ends. */
        void cut() {
            for (Socket s : open) {
                close(s);
            }
            open.clear();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (refuse) {
                        close(client);
                        continue;
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed, or a refused upstream: the client sees its connection close
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(
                    () -> {
                        byte[] buf = new byte[16384];
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            int n;
                            while ((n = in.read(buf)) >= 0) {
                                out.write(buf, 0, n);
                                out.flush();
                            }
                        } catch (IOException e) {
                            // cut
                        } finally {
                            close(from);
                            close(to);
                        }
                    },
                    "proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void close(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            cut();
        }
    }
}
