package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;

/** libwebrtc's callback style, as futures. */
final class PeerConnections {
    private PeerConnections() {}

    static CompletableFuture<RTCSessionDescription> createOffer(RTCPeerConnection pc, RTCOfferOptions options) {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createOffer(options, observer(f));
        return f;
    }

    static CompletableFuture<RTCSessionDescription> createAnswer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), observer(f));
        return f;
    }

    static CompletableFuture<Void> setLocal(RTCPeerConnection pc, RTCSessionDescription d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setLocalDescription(d, setObserver(f));
        return f;
    }

    static CompletableFuture<Void> setRemote(RTCPeerConnection pc, RTCSessionDescription d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setRemoteDescription(d, setObserver(f));
        return f;
    }

    private static CreateSessionDescriptionObserver observer(CompletableFuture<RTCSessionDescription> f) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                f.complete(description);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private static SetSessionDescriptionObserver setObserver(CompletableFuture<Void> f) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }
}
