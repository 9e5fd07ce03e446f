package org.ruralconsult.media.routing;

import org.ruralconsult.media.transport.WebRtcTransport;

/**
 * Lets the fan-out benchmark reach a participant's transport to key it without DTLS, as media's
 * own tests do through the package-private {@code Router.transportOf}. Lives in bench-jmh under
 * media's package name (a split package, fine on the class path) so that media stays unchanged.
 */
public final class RouterAccess {
    private RouterAccess() {}

    /** Worker thread only, like every router internal. */
    public static WebRtcTransport transport(Router router, String participantId, boolean publish) {
        return router.transportOf(participantId, publish);
    }
}
