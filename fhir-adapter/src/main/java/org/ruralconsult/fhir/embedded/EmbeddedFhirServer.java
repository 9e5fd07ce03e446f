package org.ruralconsult.fhir.embedded;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A real HAPI FHIR JPA server (R4, H2 on disk) inside this JVM, for the default single-machine run.
 *
 * <p>{@link #start()} returns at once and boots in the background (Spring + Hibernate take 40-50 s on
 * two cores): until then nothing listens on the port, the adapter's deliveries fail to connect and the
 * outbox retries them, so calls are recorded from the first second. Needs about 768 MiB of heap on
 * top of the application (README).
 */
public final class EmbeddedFhirServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedFhirServer.class);

    private final EmbeddedFhirServerOptions options;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private volatile AnnotationConfigApplicationContext spring;
    private volatile Server jetty;
    private volatile Thread boot;
    private volatile boolean closed;

    public EmbeddedFhirServer(EmbeddedFhirServerOptions options) {
        this.options = options;
    }

    /** Starts booting in a background thread and returns at once. */
    public synchronized EmbeddedFhirServer start() {
        if (boot != null) return this;
        boot = new Thread(this::boot, "embedded-fhir-boot");
        boot.setDaemon(true);
        boot.start();
        return this;
    }

    /** The base URL clients use; with port 0 it is known only once {@link #awaitReady} returned. */
    public String baseUrl() {
        int port = ready.isDone() && !ready.isCompletedExceptionally() ? ready.join() : options.port();
        return "http://" + options.host() + ":" + port + EmbeddedFhirServerOptions.CONTEXT_PATH;
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Blocks until the server answers requests; returns the bound port. */
    public int awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("embedded FHIR server failed to start", e.getCause());
        }
    }

    private void boot() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(options.dataDirectory());
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "ruralconsult",
                            Map.of(
                                    EmbeddedJpaConfig.DATABASE_DIRECTORY_PROPERTY,
                                    options.dataDirectory().toString())));
            context.register(EmbeddedJpaConfig.class);
            spring = context;
            context.refresh();
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(options.host());
            connector.setPort(options.port());
            server.addConnector(connector);
            ServletContextHandler handler = new ServletContextHandler();
            handler.setContextPath("/");
            handler.addServlet(
                    new ServletHolder(restfulServer(context)), EmbeddedFhirServerOptions.CONTEXT_PATH + "/*");
            server.setHandler(handler);
            synchronized (this) {
                if (closed) {
                    context.close();
                    return;
                }
                jetty = server;
                server.start();
            }
            log.info(
                    "embedded FHIR server ready at http://{}:{}{} after {} ms",
                    options.host(),
                    connector.getLocalPort(),
                    EmbeddedFhirServerOptions.CONTEXT_PATH,
                    (System.nanoTime() - started) / 1_000_000);
            ready.complete(connector.getLocalPort());
        } catch (IOException e) {
            ready.completeExceptionally(new UncheckedIOException(e));
        } catch (Exception | LinkageError e) {
            log.error("embedded FHIR server failed to start", e);
            ready.completeExceptionally(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RestfulServer restfulServer(AnnotationConfigApplicationContext context) {
        FhirContext fhirContext = context.getBean(FhirContext.class);
        RestfulServer server = new RestfulServer(fhirContext);
        server.registerProviders(context.getBean(ResourceProviderFactory.class).createProviders());
        server.registerProvider(context.getBean(JpaSystemProvider.class));
        server.setPagingProvider(context.getBean(DatabaseBackedPagingProvider.class));
        IFhirSystemDao systemDao = context.getBean(IFhirSystemDao.class);
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
                server,
                systemDao,
                context.getBean(JpaStorageSettings.class),
                context.getBean(ISearchParamRegistry.class),
                context.getBean(IValidationSupport.class)));
        return server;
    }

    /** Stops Jetty and Spring (closing H2 cleanly); safe to call while still booting. */
    @Override
    public void close() {
        Server server;
        synchronized (this) {
            closed = true;
            server = jetty;
        }
        try {
            if (server != null) server.stop();
        } catch (Exception e) {
            log.warn("stopping Jetty", e);
        }
        Thread booting = boot;
        if (booting != null && server == null) {
            try {
                booting.join(Duration.ofMinutes(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        AnnotationConfigApplicationContext context = spring;
        if (context != null && context.isActive()) context.close();
        ready.completeExceptionally(new IllegalStateException("closed"));
    }
}
