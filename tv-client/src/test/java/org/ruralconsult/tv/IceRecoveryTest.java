package org.ruralconsult.tv;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.tv.media.IceListener.Side.PUBLISH;
import static org.ruralconsult.tv.media.IceListener.Side.SUBSCRIBE;
import static org.ruralconsult.tv.media.IceListener.State.CHECKING;
import static org.ruralconsult.tv.media.IceListener.State.CONNECTED;
import static org.ruralconsult.tv.media.IceListener.State.DISCONNECTED;
import static org.ruralconsult.tv.media.IceListener.State.FAILED;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IceRecoveryTest {
    private final FakeClock clock = new FakeClock();
    private final IceRecovery ice = new IceRecovery(clock);

    @Test
    void aShortDisconnectHealsByItselfWithoutARestart() {
        ice.changed(PUBLISH, CHECKING);
        ice.changed(PUBLISH, CONNECTED);
        ice.changed(PUBLISH, DISCONNECTED);
        clock.advance(Duration.ofSeconds(2));
        assertFalse(ice.due());
        ice.changed(PUBLISH, CONNECTED);
        clock.advance(Duration.ofSeconds(10));
        assertFalse(ice.due(), "it came back");
    }

    @Test
    void aLongDisconnectRestartsAndRestartsAreSpacedOut() {
        ice.changed(SUBSCRIBE, CONNECTED);
        ice.changed(SUBSCRIBE, DISCONNECTED);
        clock.advance(Duration.ofMillis(2999));
        assertFalse(ice.due());
        clock.advance(Duration.ofMillis(1));
        assertTrue(ice.due(), "disconnected for 3 s");
        ice.restarted();
        clock.advance(Duration.ofSeconds(4));
        assertFalse(ice.due(), "no second restart within 5 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(ice.due(), "still disconnected 5 s after the restart: again");
        ice.restarted();
        ice.changed(SUBSCRIBE, CONNECTED);
        clock.advance(Duration.ofSeconds(30));
        assertFalse(ice.due(), "the restart worked");
    }

    @Test
    void aFailureRestartsAtOnce() {
        ice.changed(PUBLISH, CONNECTED);
        ice.changed(PUBLISH, DISCONNECTED);
        clock.advance(Duration.ofSeconds(1));
        ice.changed(PUBLISH, FAILED);
        assertTrue(ice.due());
    }

    @Test
    void aNewAddressRestartsOnce() {
        ice.changed(PUBLISH, CONNECTED);
        ice.addresses(Set.of("lo/127.0.0.1", "eth0/192.168.1.20"));
        assertFalse(ice.due(), "the first addresses seen are no change");
        ice.addresses(Set.of("lo/127.0.0.1", "eth0/192.168.1.20"));
        assertFalse(ice.due());
        ice.addresses(Set.of("lo/127.0.0.1", "wlan0/10.0.0.7"));
        assertTrue(ice.due(), "moved to Wi-Fi");
        ice.restarted();
        clock.advance(Duration.ofSeconds(60));
        assertFalse(ice.due());
    }
}
