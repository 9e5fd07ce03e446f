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
        boolean segmentationOffload) {
    public static final boolean DEFAULT_SEGMENTATION_OFFLOAD = true;

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
                DEFAULT_SEGMENTATION_OFFLOAD);
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
                segmentationOffload);
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
                segmentationOffload);
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
                segmentationOffload);
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
                segmentationOffload);
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
                segmentationOffload);
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
                segmentationOffload);
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
                on);
    }
}
