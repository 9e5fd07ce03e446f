package org.ruralconsult.resilience;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;

/** Serves {@code consult.html} on the control address, for the browsers in their namespaces. */
final class PageServer implements AutoCloseable {
    private final HttpServer server;

    PageServer(String address) throws IOException {
        byte[] page;
        try (InputStream in = PageServer.class.getResourceAsStream("consult.html")) {
            if (in == null) {
                throw new IOException("consult.html is not on the classpath");
            }
            page = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/consult.html", x -> {
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, page.length);
            x.getResponseBody().write(page);
            x.close();
        });
        server.start();
    }

    String origin() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
