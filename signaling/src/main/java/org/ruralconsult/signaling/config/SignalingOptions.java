package org.ruralconsult.signaling.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything an operator can set. Each option has a command-line flag, an environment variable and a
 * config-file key (see {@link OptionsReader} and signaling/README.md); the defaults are the DEFAULT_*
 * constants.
 */
public final class SignalingOptions {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    /** Empty: the demo county bundled as a resource ({@link #DEFAULT_SEED_RESOURCE}). */
    public static final String DEFAULT_SEED_RESOURCE = "seed/demo-county.json";

    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(30);
    public static final Duration DEFAULT_DEVICE_TOKEN_TTL = Duration.ofDays(365);
    public static final Duration DEFAULT_PAIRING_CODE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** The server pings every WebSocket this often; browsers and TVs answer with pongs by themselves. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
    /**
     * A connection that sends nothing (not even a pong) this long is dead: it is closed, and its party's
     * grace period starts (a TV unplugged without a close frame).
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(45);

    /** Largest accepted WebSocket text message, in bytes; a larger one gets a {@code too_large} error. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024;
    /** Largest frame Netty accepts at all; beyond it the connection is closed (1009). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    /** Token bucket per connection: sustained messages per second and burst size. */
    public static final double DEFAULT_RATE_PER_SECOND = 20;

    public static final int DEFAULT_RATE_BURST = 40;
    /** Violations (rate, size, schema, auth) on one connection before it is closed as abusive. */
    public static final int DEFAULT_ABUSE_LIMIT = 50;

    public static final int DEFAULT_AUTH_FAILURE_LIMIT = 3;

    /** Run the in-process SFU (module media); off only for nodes that serve signaling alone. */
    public static final boolean DEFAULT_MEDIA_ENABLED = true;
    /** Media UDP sockets bind here; use 0.0.0.0 with an advertised address behind 1:1 NAT. */
    public static final String DEFAULT_MEDIA_BIND = "127.0.0.1";
    /** Worker i of the SFU listens on UDP port {@code mediaPort + i}; 0 = ephemeral ports. */
    public static final int DEFAULT_MEDIA_PORT = 10000;
    /** SFU workers (event loops, one UDP port each); 0 = one per core. */
    public static final int DEFAULT_MEDIA_WORKERS = 0;
    /** SFU sends runs of same-size datagrams to one peer as one UDP GSO send (Linux); false: one each. */
    public static final boolean DEFAULT_MEDIA_GSO = org.ruralconsult.media.MediaOptions.DEFAULT_SEGMENTATION_OFFLOAD;
    /** SFU adapts each subscriber's media to its link (simulcast layers, estimation); false: measure without. */
    public static final boolean DEFAULT_MEDIA_ADAPTIVE = org.ruralconsult.media.MediaOptions.DEFAULT_ADAPTIVE;
    /** POST /api/login per client address: sustained attempts per second and burst (then 429). */
    public static final double DEFAULT_LOGIN_RATE_PER_SECOND = 2;

    public static final int DEFAULT_LOGIN_BURST = 20;
    /**
     * Browser origins (scheme://host[:port]) besides the server's own that may open the WebSocket and read
     * REST replies (CORS). None: only pages this server serves. Clients that send no Origin (the TV app,
     * webrtc-java peers, tests) are not browsers and are always let in.
     */
    public static final List<String> DEFAULT_ALLOWED_ORIGINS = List.of();

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path tlsCertPath;
    private Path tlsKeyPath;
    private String redisUrl;
    private Path dataDir = DEFAULT_DATA_DIR;
    private Path seedPath;
    private String jwtSecret;
    private Duration ringTimeout = DEFAULT_RING_TIMEOUT;
    private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
    private Duration accessTokenTtl = DEFAULT_ACCESS_TOKEN_TTL;
    private Duration deviceTokenTtl = DEFAULT_DEVICE_TOKEN_TTL;
    private Duration pairingCodeTtl = DEFAULT_PAIRING_CODE_TTL;
    private Duration helloTimeout = DEFAULT_HELLO_TIMEOUT;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private double ratePerSecond = DEFAULT_RATE_PER_SECOND;
    private int rateBurst = DEFAULT_RATE_BURST;
    private int abuseLimit = DEFAULT_ABUSE_LIMIT;
    private int authFailureLimit = DEFAULT_AUTH_FAILURE_LIMIT;
    private boolean mediaEnabled = DEFAULT_MEDIA_ENABLED;
    private String mediaBind = DEFAULT_MEDIA_BIND;
    private int mediaPort = DEFAULT_MEDIA_PORT;
    private int mediaWorkers = DEFAULT_MEDIA_WORKERS;
    private String mediaAdvertisedAddress;
    private boolean mediaGso = DEFAULT_MEDIA_GSO;
    private boolean mediaAdaptive = DEFAULT_MEDIA_ADAPTIVE;
    private double loginRatePerSecond = DEFAULT_LOGIN_RATE_PER_SECOND;
    private int loginBurst = DEFAULT_LOGIN_BURST;
    private List<String> allowedOrigins = DEFAULT_ALLOWED_ORIGINS;

    public String host() {
        return host;
    }

    public SignalingOptions host(String host) {
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    public SignalingOptions port(int port) {
        this.port = port;
        return this;
    }

    public Path tlsCertPath() {
        return tlsCertPath;
    }

    public SignalingOptions tlsCertPath(Path tlsCertPath) {
        this.tlsCertPath = tlsCertPath;
        return this;
    }

    public Path tlsKeyPath() {
        return tlsKeyPath;
    }

    public SignalingOptions tlsKeyPath(Path tlsKeyPath) {
        this.tlsKeyPath = tlsKeyPath;
        return this;
    }

    public boolean tls() {
        return tlsCertPath != null && tlsKeyPath != null;
    }

    /** Null: state in memory (single node). */
    public String redisUrl() {
        return redisUrl;
    }

    public SignalingOptions redisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    public SignalingOptions dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** Null: the bundled demo county. */
    public Path seedPath() {
        return seedPath;
    }

    public SignalingOptions seedPath(Path seedPath) {
        this.seedPath = seedPath;
        return this;
    }

    /** Null: read (or create) {@code jwt.secret} in the data directory. */
    public String jwtSecret() {
        return jwtSecret;
    }

    public SignalingOptions jwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret;
        return this;
    }

    public Duration ringTimeout() {
        return ringTimeout;
    }

    public SignalingOptions ringTimeout(Duration ringTimeout) {
        this.ringTimeout = ringTimeout;
        return this;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    public SignalingOptions gracePeriod(Duration gracePeriod) {
        this.gracePeriod = gracePeriod;
        return this;
    }

    public Duration accessTokenTtl() {
        return accessTokenTtl;
    }

    public SignalingOptions accessTokenTtl(Duration accessTokenTtl) {
        this.accessTokenTtl = accessTokenTtl;
        return this;
    }

    public Duration deviceTokenTtl() {
        return deviceTokenTtl;
    }

    public SignalingOptions deviceTokenTtl(Duration deviceTokenTtl) {
        this.deviceTokenTtl = deviceTokenTtl;
        return this;
    }

    public Duration pairingCodeTtl() {
        return pairingCodeTtl;
    }

    public SignalingOptions pairingCodeTtl(Duration pairingCodeTtl) {
        this.pairingCodeTtl = pairingCodeTtl;
        return this;
    }

    public Duration helloTimeout() {
        return helloTimeout;
    }

    public SignalingOptions helloTimeout(Duration helloTimeout) {
        this.helloTimeout = helloTimeout;
        return this;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public SignalingOptions maxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        return this;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public SignalingOptions maxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public SignalingOptions ratePerSecond(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
        return this;
    }

    public int rateBurst() {
        return rateBurst;
    }

    public SignalingOptions rateBurst(int rateBurst) {
        this.rateBurst = rateBurst;
        return this;
    }

    public int abuseLimit() {
        return abuseLimit;
    }

    public SignalingOptions abuseLimit(int abuseLimit) {
        this.abuseLimit = abuseLimit;
        return this;
    }

    public boolean mediaEnabled() {
        return mediaEnabled;
    }

    public SignalingOptions mediaEnabled(boolean mediaEnabled) {
        this.mediaEnabled = mediaEnabled;
        return this;
    }

    public String mediaBind() {
        return mediaBind;
    }

    public SignalingOptions mediaBind(String mediaBind) {
        this.mediaBind = mediaBind;
        return this;
    }

    public int mediaPort() {
        return mediaPort;
    }

    public SignalingOptions mediaPort(int mediaPort) {
        this.mediaPort = mediaPort;
        return this;
    }

    public int mediaWorkers() {
        return mediaWorkers;
    }

    public SignalingOptions mediaWorkers(int mediaWorkers) {
        this.mediaWorkers = mediaWorkers;
        return this;
    }

    /** The address written into SDP candidates; null: the bind address. */
    public String mediaAdvertisedAddress() {
        return mediaAdvertisedAddress;
    }

    public SignalingOptions mediaAdvertisedAddress(String mediaAdvertisedAddress) {
        this.mediaAdvertisedAddress = mediaAdvertisedAddress;
        return this;
    }

    public boolean mediaAdaptive() {
        return mediaAdaptive;
    }

    public SignalingOptions mediaAdaptive(boolean mediaAdaptive) {
        this.mediaAdaptive = mediaAdaptive;
        return this;
    }

    public boolean mediaGso() {
        return mediaGso;
    }

    public SignalingOptions mediaGso(boolean mediaGso) {
        this.mediaGso = mediaGso;
        return this;
    }

    public int authFailureLimit() {
        return authFailureLimit;
    }

    public SignalingOptions authFailureLimit(int authFailureLimit) {
        this.authFailureLimit = authFailureLimit;
        return this;
    }

    public double loginRatePerSecond() {
        return loginRatePerSecond;
    }

    public SignalingOptions loginRatePerSecond(double loginRatePerSecond) {
        this.loginRatePerSecond = loginRatePerSecond;
        return this;
    }

    public int loginBurst() {
        return loginBurst;
    }

    public SignalingOptions loginBurst(int loginBurst) {
        this.loginBurst = loginBurst;
        return this;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public SignalingOptions allowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        return this;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public SignalingOptions pingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
        return this;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public SignalingOptions idleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        return this;
    }
}
