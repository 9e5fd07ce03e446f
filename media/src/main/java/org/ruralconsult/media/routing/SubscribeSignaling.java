package org.ruralconsult.media.routing;

import java.util.ArrayList;
import java.util.List;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.sdp.OfferedTrack;
import org.ruralconsult.media.sdp.PublishedTrack;
import org.ruralconsult.media.sdp.SdpDecoder;
import org.ruralconsult.media.sdp.SdpException;
import org.ruralconsult.media.sdp.SubscribeNegotiation;
import org.ruralconsult.media.transport.TransportListener;
import org.ruralconsult.media.transport.WebRtcTransport;

/**
 * Each participant's subscribe PeerConnection, one router's worth: the relay offers what the participant
 * receives, the client answers; one offer outstanding at a time, and a new one when the tracks changed
 * meanwhile (the listener is told once per change). The transport is made at the first offer and made
 * anew after it was lost. Worker thread only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8829#section-5.2">RFC 8829 §5.2 generating an offer</a>
 */
final class SubscribeSignaling {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SubscribeSignaling.class);
    private final CallContext call;
    private final TransportListener events;
    private final KeyframeRequests keyframes;
    private final boolean adaptive;

    SubscribeSignaling(CallContext call, TransportListener events, KeyframeRequests keyframes, boolean adaptive) {
        this.call = call;
        this.events = events;
        this.keyframes = keyframes;
        this.adaptive = adaptive;
    }

    /** Tells the participant's listener that an offer is due, unless one is out or it was told already. */
    void notifyOfferNeeded(Participant p) {
        if (p.offerNeeded && !p.offerPending && !p.listenerNotified && !p.leaving) {
            p.listenerNotified = true;
            try {
                p.listener.onSubscribeOfferNeeded(p.id);
            } catch (RuntimeException e) {
                LOG.warn("listener of {} failed: {}", p.id, e.toString());
            }
        }
    }

    /** The relay's offer for the participant's subscribe PeerConnection (makes its transport if needed). */
    String offer(Participant p) {
        if (p.subscribeTransport == null) {
            p.subscribeTransport = call.createTransport(p, "sub", events, 0);
            p.subscribeTransport.owner(p);
        }
        List<OfferedTrack> tracks = new ArrayList<>();
        for (Participant.SubscribeSlot s : p.slots) {
            Consumer c = s.consumer;
            if (c == null) {
                tracks.add(new OfferedTrack(s.mid, s.kind, s.codec, 0, 0, p.cname, "-", "-", false));
            } else {
                PublishedTrack t = c.producer.track;
                tracks.add(new OfferedTrack(
                        s.mid,
                        s.kind,
                        c.codec,
                        c.ssrc,
                        c.rtxSsrc,
                        c.producer.publisher.cname,
                        c.producer.publisher.id,
                        c.producer.id,
                        true));
            }
        }
        p.offerPending = true;
        p.offerNeeded = false;
        p.listenerNotified = false;
        return SubscribeNegotiation.offer(
                tracks, p.subscribeTransport.localEndpoint(), p.subscribeSessionId, ++p.subscribeVersion, adaptive);
    }

    /** The client's answer to the outstanding offer: transport parameters, each consumer's extensions. */
    void answer(Participant p, String answerSdp) throws SdpException {
        if (p.subscribeTransport == null || !p.offerPending) {
            throw new IllegalStateException("no subscribe offer outstanding for " + p.id);
        }
        var answer = SubscribeNegotiation.readAnswer(SdpDecoder.decode(answerSdp));
        if (answer.remote() != null) {
            p.subscribeTransport.remoteParameters(
                    answer.remote(), "passive".equals(answer.remote().setup()));
        }
        int transportCc = 0;
        for (var e : answer.extensions().entrySet()) {
            if (!answer.rejectedMids().contains(e.getKey())) {
                transportCc = Math.max(transportCc, e.getValue().id(HeaderExtension.TRANSPORT_CC));
            }
        }
        p.subscribeTransport.sendTransportCc(adaptive ? transportCc : 0);
        for (Consumer c : p.consumers) {
            var ids = answer.extensions().get(c.mid);
            if (ids != null && !answer.rejectedMids().contains(c.mid)) {
                boolean wasReady = c.ready();
                c.extensions = ids;
                c.negotiated = true;
                c.red = answer.redMids().contains(c.mid);
                if (!wasReady && c.ready()) {
                    keyframes.request(c.producer, Math.max(0, c.wantedLayer()));
                }
            }
        }
        p.offerPending = false;
        notifyOfferNeeded(p);
    }

    /**
     * The subscribe transport is gone (consent lost, never connected, DTLS failed) while the publish
     * transport lives. Consent is kept per selected candidate pair (RFC 7675 §5.1), and the publish and
     * subscribe PeerConnections are two ICE sessions with their own pairs: the participant's own media
     * keeps flowing, only what it receives stops.
     * Its consumers stay and resume on a fresh transport from the next subscribe offer: at once when
     * the old one had connected (the client can reconnect), at the next change of tracks when it never
     * had (the client did not act on the last offer; offering again now would only repeat it).
     */
    void dropSubscribeSide(Participant p, WebRtcTransport t, String reason) {
        LOG.info("{} in {}: subscribe transport closed ({}); publishing goes on", p.id, call.callId(), reason);
        p.subscribeTransport = null;
        p.offerPending = false;
        p.offerNeeded = true;
        p.listenerNotified = false;
        if (t.everChecked()) {
            notifyOfferNeeded(p);
        }
    }
}
