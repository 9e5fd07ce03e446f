package org.ruralconsult.media.routing;

import java.util.ArrayList;
import java.util.List;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.sdp.PublishNegotiation;
import org.ruralconsult.media.sdp.PublishedTrack;
import org.ruralconsult.media.sdp.SdpDecoder;
import org.ruralconsult.media.sdp.SdpException;
import org.ruralconsult.media.transport.TransportListener;

/**
 * Each participant's publish PeerConnection, one router's worth: the client offers, the relay answers
 * (recvonly); tracks added or gone in a re-offer become producers added or removed (by the router, which
 * keeps the maps); an offer with new ICE credentials restarts ICE. Worker thread only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8829#section-5.3">RFC 8829 §5.3 generating an answer</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8445#section-9">RFC 8445 §9 ICE restart</a>
 */
final class PublishSignaling {
    /** What the router does with the tracks of an answered offer. */
    interface Tracks {
        void added(Participant publisher, PublishedTrack track);

        void removed(Producer producer);
    }

    private final CallContext call;
    private final TransportListener events;
    private final Router.RouterConfig config;
    private final Tracks tracks;

    PublishSignaling(CallContext call, TransportListener events, Router.RouterConfig config, Tracks tracks) {
        this.call = call;
        this.events = events;
        this.config = config;
        this.tracks = tracks;
    }

    /** The relay's answer to the participant's publish offer (makes its transport at the first). */
    String answer(Participant p, String offerSdp) throws SdpException {
        var offer = SdpDecoder.decode(offerSdp);
        if (p.publishTransport == null) {
            p.publishTransport = call.createTransport(p, "pub", events, config.ingressLossForTest());
            p.publishTransport.owner(p);
        } else {
            var before = p.publishTransport.remoteParameters();
            String ufrag = offer.media.isEmpty() ? null : offer.valueFor(offer.media.get(0), "ice-ufrag");
            if (before != null && ufrag != null && !ufrag.equals(before.ufrag())) {
                p.publishTransport.restartIce(); // RFC 8445 §9: the client restarted ICE
            }
        }
        var result = PublishNegotiation.answer(
                offer, p.publishTransport.localEndpoint(), config.videoCodecs(), ++p.publishVersion, config.adaptive());
        p.publishTransport.receiveTransportCc(transportCcId(result.tracks()));
        p.publishTransport.remoteParameters(
                result.remote(), "passive".equals(result.remote().setup()));
        List<String> sendingMids = new ArrayList<>();
        for (PublishedTrack t : result.tracks()) {
            sendingMids.add(t.mid());
            if (!p.producersByMid.containsKey(t.mid())) {
                tracks.added(p, t);
            }
        }
        for (Producer gone : new ArrayList<>(p.producersByMid.values())) {
            if (!sendingMids.contains(gone.track.mid())) {
                tracks.removed(gone);
            }
        }
        return result.answer();
    }

    /** The transport-wide sequence number's id in a publish answer (one id for the whole BUNDLE); 0: none. */
    private static int transportCcId(List<PublishedTrack> tracks) {
        for (PublishedTrack t : tracks) {
            int id = t.extensions().id(HeaderExtension.TRANSPORT_CC);
            if (id > 0) {
                return id;
            }
        }
        return 0;
    }
}
