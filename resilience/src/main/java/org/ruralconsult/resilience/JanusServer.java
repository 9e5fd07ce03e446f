package org.ruralconsult.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Janus WebRTC Server (Debian's 1.1.x) in the server's namespace, started by the project's benchmark
 * script {@code loadgen/bench/start-janus.sh} (VideoRoom only, HTTP API, ICE-full, 60 s session timeout)
 * with {@code JANUS_IP} set to the bridge's address, so that its HTTP API and its only ICE candidates are
 * there; then one room for the consult (VP8 + Opus, no bitrate cap, as our server has none).
 */
final class JanusServer implements AutoCloseable {
    static final int PORT = 8088;
    static final long ROOM = 1234;

    private final long pid;

    private JanusServer(long pid) {
        this.pid = pid;
    }

    static JanusServer start(String namespace, Path work) throws Exception {
        Path script = script();
        Path dir = Files.createDirectories(work.resolve("janus")).toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of("env", "JANUS_IP=" + Topology.SFU_ADDRESS));
        cmd.add(script.toString());
        cmd.add(dir.toString());
        String out = Shell.run(Shell.inNamespace(namespace, cmd)).trim();
        JanusServer server = new JanusServer(
                Long.parseLong(out.substring(out.lastIndexOf('\n') + 1).trim()));
        try (JanusSession admin = JanusSession.create(server.url(), e -> {})) {
            long handle = admin.attach();
            admin.message(
                    handle,
                    JanusSession.body("create")
                            .put("room", ROOM)
                            .put("publishers", 6)
                            .put("bitrate", 0)
                            .put("videocodec", "vp8")
                            .put("audiocodec", "opus")
                            .put("description", "resilience consult"),
                    null,
                    null);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** start-janus.sh from the repository root, found upwards from the working directory. */
    private static Path script() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("loadgen/bench/start-janus.sh");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException(
                "loadgen/bench/start-janus.sh not found above " + Path.of("").toAbsolutePath());
    }

    String url() {
        return "http://" + Topology.SFU_ADDRESS + ":" + PORT + "/janus";
    }

    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
}
