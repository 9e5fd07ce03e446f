package org.ruralconsult.media;

import java.util.List;

/**
 * Settings of a {@link MediaRelay}. Start from {@link #defaults()} and change what you need with
 * the {@code with...} methods.
 *
 * @param workers event-loop workers, one UDP port each (default: one per core)
 * @param bindAddress local address the UDP sockets bind to (default 127.0.0.1; use 0.0.0.0 with an
 *     advertised address in production)
 * @param basePort first UDP port; worker i binds basePort + i; 0 binds ephemeral ports (tests)
 * @param advertisedAddress the address written into SDP candidates (1:1 NAT); null: the bind
 *     address
 * @param consentTimeoutMillis a transport with no valid STUN check for this long is freed (RFC 7675)
 * @param videoCodecs video codecs in preference order: "VP8", "H264"
 * @param dtlsThreads most DTLS handshakes running at once
 * @param ingressLossForTest share of incoming RTP dropped on purpose (test hook; 0 in production)
 * @param segmentationOffload send runs of same-size datagrams to one destination as one UDP GSO send
 *     where Linux and the native transport support it (default on; off: one datagram per send)
 * @param adaptive adapt what each subscriber gets to its link (default on): simulcast layer chosen per
 *     consumer from the transport-cc estimate and the subscriber's preferred size, video paused before
 *     audio suffers; off: the relay before issue 13 (every consumer gets the producer's busiest layer, REMB
 *     passed through, no estimator), kept to measure what adaptation brings
 */
public record MediaOptions(
        int workers,
        String bindAddress,
        int basePort,
        String advertisedAddress,
        long consentTimeoutMillis,
        List<String> videoCodecs,
        int dtlsThreads,
        double ingressLossForTest,
        boolean segmentationOffload,
        boolean adaptive) {
    public static final boolean DEFAULT_SEGMENTATION_OFFLOAD = true;
    public static final boolean DEFAULT_ADAPTIVE = true;

    public static MediaOptions defaults() {
        return new MediaOptions(
                Runtime.getRuntime().availableProcessors(),
                "127.0.0.1",
                10000,
                null,
                30_000,
                List.of("VP8", "H264"),
                32,
                0,
                DEFAULT_SEGMENTATION_OFFLOAD,
                DEFAULT_ADAPTIVE);
    }

    public MediaOptions withWorkers(int n) {
        return new MediaOptions(
                n,
                bindAddress,
                basePort,
                advertisedAddress,
                consentTimeoutMillis,
                videoCodecs,
                dtlsThreads,
                ingressLossForTest,
                segmentationOffload,
                adaptive);
    }

    public MediaOptions withBind(String address, int port) {
        return new MediaOptions(
                workers,
                address,
                port,
                advertisedAddress,
                consentTimeoutMillis,
                videoCodecs,
                dtlsThreads,
                ingressLossForTest,
                segmentationOffload,
                adaptive);
    }

    public MediaOptions withAdvertisedAddress(String address) {
        return new MediaOptions(
                workers,
                bindAddress,
                basePort,
                address,
                consentTimeoutMillis,
                videoCodecs,
                dtlsThreads,
                ingressLossForTest,
                segmentationOffload,
                adaptive);
    }

    public MediaOptions withConsentTimeoutMillis(long millis) {
        return new MediaOptions(
                workers,
                bindAddress,
                basePort,
                advertisedAddress,
                millis,
                videoCodecs,
                dtlsThreads,
                ingressLossForTest,
                segmentationOffload,
                adaptive);
    }

    public MediaOptions withVideoCodecs(List<String> codecs) {
        return new MediaOptions(
                workers,
                bindAddress,
                basePort,
                advertisedAddress,
                consentTimeoutMillis,
                codecs,
                dtlsThreads,
                ingressLossForTest,
                segmentationOffload,
                adaptive);
    }

    public MediaOptions withIngressLossForTest(double fraction) {
        return new MediaOptions(
                workers,
                bindAddress,
                basePort,
                advertisedAddress,
                consentTimeoutMillis,
                videoCodecs,
                dtlsThreads,
                fraction,
                segmentationOffload,
                adaptive);
    }

    public MediaOptions withSegmentationOffload(boolean on) {
        return new MediaOptions(
                workers,
                bindAddress,
                basePort,
                advertisedAddress,
                consentTimeoutMillis,
                videoCodecs,
                dtlsThreads,
                ingressLossForTest,
                on,
                adaptive);
    }

    public MediaOptions withAdaptive(boolean on) {
        return new MediaOptions(
                workers,
                bindAddress,
                basePort,
                advertisedAddress,
                consentTimeoutMillis,
                videoCodecs,
                dtlsThreads,
                ingressLossForTest,
                segmentationOffload,
                on);
    }
}
