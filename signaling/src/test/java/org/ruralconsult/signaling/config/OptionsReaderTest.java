package org.ruralconsult.signaling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsReaderTest {
    @Test
    void defaultsAreLoopbackPort8080InMemory() throws Exception {
        SignalingOptions o = OptionsReader.read(new String[0], Map.of());
        assertEquals("127.0.0.1", o.host());
        assertEquals(8080, o.port());
        assertNull(o.redisUrl());
        assertEquals(Duration.ofSeconds(45), o.ringTimeout());
        assertEquals(Duration.ofSeconds(30), o.gracePeriod());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("signaling.properties");
        Files.writeString(
                config,
                "port = 9001\nredis-url = redis://127.0.0.1:6390\nring-timeout = 20\nseed = /srv/county.json\n");
        SignalingOptions o = OptionsReader.read(
                new String[] {"--config", config.toString(), "--port=9003", "--grace-period", "12"},
                Map.of("RC_PORT", "9002", "RC_RING_TIMEOUT", "25", "RC_DATA_DIR", "/var/lib/rc"));
        assertEquals(9003, o.port());
        assertEquals(Duration.ofSeconds(25), o.ringTimeout());
        assertEquals(Duration.ofSeconds(12), o.gracePeriod());
        assertEquals("redis://127.0.0.1:6390", o.redisUrl());
        assertEquals(Path.of("/srv/county.json"), o.seedPath());
        assertEquals(Path.of("/var/lib/rc"), o.dataDir());
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariable() {
        var help = assertThrows(
                OptionsReader.HelpRequested.class, () -> OptionsReader.read(new String[] {"--help"}, Map.of()));
        for (String flag : new String[] {
            "--host", "--port", "--tls-cert", "--tls-key", "--redis-url", "--data-dir", "--seed", "--config"
        }) {
            assertTrue(help.getMessage().contains(flag), flag);
        }
        assertTrue(help.getMessage().contains("RC_REDIS_URL"));
    }

    @Test
    void unknownOptionsAreErrors() {
        assertThrows(
                IllegalArgumentException.class, () -> OptionsReader.read(new String[] {"--colour", "blue"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> OptionsReader.read(new String[] {"--port"}, Map.of()));
    }
}
