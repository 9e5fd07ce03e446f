package org.ruralconsult.calls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis for integration tests, never a fake and never a skip: a Testcontainers container where a
 * Docker engine answers, otherwise a real redis-server process started here (the Debian one when it is
 * installed, else the binary bundled in embedded-redis), bound to 127.0.0.1 on a free port.
 */
public final class RedisProcess implements AutoCloseable {
    private static final String DEBIAN_REDIS = "/usr/bin/redis-server";

    private final GenericContainer<?> container;
    private final RedisServer server;
    private final String url;

    private RedisProcess(GenericContainer<?> container, RedisServer server, String url) {
        this.container = container;
        this.server = server;
        this.url = url;
    }

    public static RedisProcess start() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            GenericContainer<?> c = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            c.start();
            return new RedisProcess(c, null, "redis://" + c.getHost() + ":" + c.getMappedPort(6379));
        }
        int port = freePort();
        try {
            var builder = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no");
            if (Files.isExecutable(Path.of(DEBIAN_REDIS))) {
                builder.executableProvider(ExecutableProvider.newExecutableInPath("redis-server"));
            }
            RedisServer s = builder.build();
            s.start();
            return new RedisProcess(null, s, "redis://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a real redis-server", e);
        }
    }

    /** e.g. {@code redis://127.0.0.1:40123} */
    public String url() {
        return url;
    }

    /** Stops Redis (an outage); {@link #restart()} brings it back on the same port. */
    public void stop() {
        try {
            if (server != null) {
                server.stop();
            } else {
                container.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
