package org.ruralconsult.tv;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.ruralconsult.tv.media.IceListener;

/**
 * When a call's media needs an ICE restart (RFC 8445 §9) while the WebSocket stays up: a PeerConnection
 * whose ICE {@code FAILED}, one {@code DISCONNECTED} for longer than {@link #DEFAULT_DISCONNECTED_GRACE}
 * (libwebrtc says disconnected after about 2.5 s without answers to its consent checks, RFC 7675, and often
 * comes back by itself), or a change of this box's network addresses (a new DHCP lease, Wi-Fi back, a cable
 * moved), after which the old candidate pairs are dead. Restarts are at least {@link #DEFAULT_MIN_INTERVAL}
 * apart, so that a relay that is down is not flooded. A restart after a lost WebSocket is
 * {@code TvSession}'s own (it restarts on reconnect).
 *
 * <p>Not thread-safe: the session calls it on its UI thread; time comes from the injected clock.
 */
public final class IceRecovery {
    public static final Duration DEFAULT_DISCONNECTED_GRACE = Duration.ofSeconds(3);
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration disconnectedGrace;
    private final Duration minInterval;
    private final Map<IceListener.Side, IceListener.State> states = new EnumMap<>(IceListener.Side.class);
    private final Map<IceListener.Side, Instant> troubleSince = new EnumMap<>(IceListener.Side.class);
    private Set<String> addresses;
    private boolean networkChanged;
    private Instant lastRestart;

    public IceRecovery(Clock clock) {
        this(clock, DEFAULT_DISCONNECTED_GRACE, DEFAULT_MIN_INTERVAL);
    }

    public IceRecovery(Clock clock, Duration disconnectedGrace, Duration minInterval) {
        this.clock = clock;
        this.disconnectedGrace = disconnectedGrace;
        this.minInterval = minInterval;
    }

    /** A PeerConnection's ICE state changed. */
    public void changed(IceListener.Side side, IceListener.State state) {
        IceListener.State before = states.put(side, state);
        boolean trouble = state == IceListener.State.DISCONNECTED || state == IceListener.State.FAILED;
        if (!trouble) {
            troubleSince.remove(side);
        } else if (before != IceListener.State.DISCONNECTED && before != IceListener.State.FAILED) {
            troubleSince.put(side, clock.instant());
        }
    }

    /** This box's addresses now; a change from the last ones seen calls for a restart. */
    public void addresses(Set<String> now) {
        if (addresses != null && !addresses.equals(now)) {
            networkChanged = true;
        }
        addresses = Set.copyOf(now);
    }

    /** Whether to restart ICE now. */
    public boolean due() {
        Instant now = clock.instant();
        if (lastRestart != null && now.isBefore(lastRestart.plus(minInterval))) {
            return false;
        }
        if (networkChanged) {
            return true;
        }
        for (Map.Entry<IceListener.Side, Instant> t : troubleSince.entrySet()) {
            boolean failed = states.get(t.getKey()) == IceListener.State.FAILED;
            if (failed || !now.isBefore(t.getValue().plus(disconnectedGrace))) {
                return true;
            }
        }
        return false;
    }

    /** A restart was sent: the next one waits for {@link #DEFAULT_MIN_INTERVAL} and new trouble. */
    public void restarted() {
        Instant now = clock.instant();
        lastRestart = now;
        networkChanged = false;
        troubleSince.replaceAll((side, since) -> now);
    }
}
