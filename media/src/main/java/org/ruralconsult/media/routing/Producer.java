package org.ruralconsult.media.routing;

import java.util.ArrayList;
import java.util.List;
import org.ruralconsult.media.sdp.PublishedTrack;

/** One published track: its incoming stream(s), and the consumers it fans out to. */
final class Producer {
    static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 300_000_000L;

    final String id;
    final Participant publisher;
    final PublishedTrack track;
    final boolean video;
    final ProducerStream[] layers;
    final List<Consumer> consumers = new ArrayList<>();
    /** Audio only (null for video): its speech for the dominant speaker, and its RED loss repair. */
    final SpeechActivity speech;

    final RedRecovery redRecovery;
    /** The layer subscribers should get: the one with the most bytes last second. */
    int targetLayer;

    Producer(String id, Participant publisher, PublishedTrack track, RetransmissionBufferPool buffers) {
        this.id = id;
        this.publisher = publisher;
        this.track = track;
        this.video = track.kind().equals("video");
        this.speech = video ? null : new SpeechActivity();
        this.redRecovery = video ? null : new RedRecovery();
        int n = Math.max(1, Math.max(track.rids().size(), track.ssrcs().length));
        this.layers = new ProducerStream[n];
        for (int i = 0; i < n; i++) {
            int ssrc = i < track.ssrcs().length ? track.ssrcs()[i] : 0;
            int rtx = i < track.rtxSsrcs().length ? track.rtxSsrcs()[i] : 0;
            String rid = i < track.rids().size() ? track.rids().get(i) : null;
            layers[i] = new ProducerStream(i, rid, ssrc, rtx, track.codec().clockRate(), video, buffers);
        }
        this.targetLayer = n - 1;
    }

    int layerByRid(String rid) {
        for (ProducerStream s : layers) {
            if (rid.equals(s.rid)) {
                return s.layer;
            }
        }
        return -1;
    }

    /** Once a second: aim subscribers at the layer that carried the most bytes. */
    void chooseTargetLayer() {
        int best = targetLayer;
        long bestBytes = -1;
        for (ProducerStream s : layers) {
            s.stats.rollPeriod();
            if (s.stats.bytesLastPeriod > bestBytes) {
                bestBytes = s.stats.bytesLastPeriod;
                best = s.layer;
            }
        }
        if (bestBytes > 0) {
            targetLayer = best;
        }
    }
}
