package org.ruralconsult.media.transport;

import java.net.InetSocketAddress;
import org.ruralconsult.media.bwe.ArrivalFeedback;
import org.ruralconsult.media.bwe.SentPacketHistory;
import org.ruralconsult.media.dtls.DtlsSession;
import org.ruralconsult.media.ice.IceCredentials;
import org.ruralconsult.media.ice.IceLiteAgent;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.sdp.LocalEndpoint;
import org.ruralconsult.media.sdp.TransportParameters;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpSession;
import org.ruralconsult.media.stun.StunException;
import org.ruralconsult.media.stun.StunMessage;

/**
 * One participant PeerConnection on the relay, composed of ICE-lite, DTLS and SRTP parts (not
 * derived from them). Lives on one worker and is touched only on its thread, except DTLS
 * callbacks which hop back onto it.
 */
public final class WebRtcTransport {
    private final Worker worker;
    private final String id;
    private final TransportListener listener;
    private final PacketCounters counters;
    private final IceLiteAgent ice;
    private final TransportChains chains;
    private final long createdNanos;
    private DtlsSession dtls;
    private SrtpSession srtp;
    private TransportParameters remote;
    private Boolean dtlsClient;
    private InetSocketAddress remoteAddress;
    private boolean connected;
    private boolean closed;
    private Object owner;

    WebRtcTransport(Worker worker, String id, TransportListener listener, PacketCounters counters, double ingressLoss) {
        this.worker = worker;
        this.id = id;
        this.listener = listener;
        this.counters = counters;
        this.ice = new IceLiteAgent(IceCredentials.random());
        this.chains = new TransportChains(this, counters, ingressLoss);
        this.createdNanos = System.nanoTime();
        this.dtls = newDtls();
    }

    private DtlsSession newDtls() {
        return new DtlsSession(
                worker.certificate(),
                worker.dtlsExecutor(),
                record -> worker.sendFromAnyThread(record, this::remoteAddress),
                new DtlsSession.Listener() {
                    @Override
                    public void onDtlsConnected(SrtpKeys keys) {
                        hop(() -> installKeys(keys));
                    }

                    @Override
                    public void onDtlsFailed(Exception cause) {
                        hop(() -> close("DTLS failed: " + cause.getMessage()));
                    }
                });
    }

    /** From the DTLS thread back onto the worker; nothing to do once the worker has stopped. */
    private void hop(Runnable task) {
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // relay closing
        }
    }

    public String id() {
        return id;
    }

    public Worker worker() {
        return worker;
    }

    /** Opaque tag for whoever created the transport (the router keeps its participant here). */
    public Object owner() {
        return owner;
    }

    public void owner(Object owner) {
        this.owner = owner;
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    public boolean isConnected() {
        return connected;
    }

    public boolean isClosed() {
        return closed;
    }

    public LocalEndpoint localEndpoint() {
        IceCredentials c = ice.localCredentials();
        return new LocalEndpoint(
                c.ufrag(), c.pwd(), worker.certificate().fingerprint(), worker.advertisedAddress(), worker.port());
    }

    public TransportParameters remoteParameters() {
        return remote;
    }

    /**
     * The client's parameters from its SDP. {@code localIsDtlsClient} follows from the setup
     * attributes (RFC 8842 §5). A new ufrag is an ICE restart (RFC 8445 §9) and keeps DTLS.
     */
    public void remoteParameters(TransportParameters params, boolean localIsDtlsClient) {
        this.remote = params;
        ice.remoteUfrag(params.ufrag());
        dtls.remoteFingerprint(params.fingerprint());
        if (dtlsClient == null) {
            dtlsClient = localIsDtlsClient;
        }
        maybeStartDtlsClient();
    }

    /** New local ICE credentials (ICE restart); the old ufrag stops answering. */
    public void restartIce() {
        worker.unregisterUfrag(ice.localCredentials().ufrag());
        ice.restart(IceCredentials.random());
        worker.registerUfrag(ice.localCredentials().ufrag(), this);
    }

    String ufrag() {
        return ice.localCredentials().ufrag();
    }

    void onStun(StunMessage m, InetSocketAddress from) {
        byte[] response;
        try {
            response = ice.answer(m, from, System.nanoTime());
        } catch (StunException e) {
            counters.drop(DropReason.STUN_UNAUTHORIZED);
            if (e.reason() == StunException.Reason.BAD_INTEGRITY) {
                worker.sendNow(IceLiteAgent.unauthorized(m), from);
            }
            return;
        }
        counters.consentChecks++;
        InetSocketAddress selected = ice.selectedAddress();
        if (!selected.equals(remoteAddress)) {
            worker.moveAddress(remoteAddress, selected, this);
            remoteAddress = selected;
        }
        worker.sendNow(response, from);
        maybeStartDtlsClient();
    }

    private void maybeStartDtlsClient() {
        if (Boolean.TRUE.equals(dtlsClient) && remoteAddress != null && remote != null && !dtls.started()) {
            dtls.start(false);
        }
    }

    void onDtls(byte[] record) {
        if (!dtls.started()) {
            if (Boolean.TRUE.equals(dtlsClient)) {
                return; // we are the client; the server does not speak first
            }
            dtls.start(true); // the fingerprint check waits for the client's SDP if need be
        }
        dtls.receive(record);
    }

    void installKeys(SrtpKeys keys) {
        if (closed) {
            return;
        }
        SrtpSession previous = srtp;
        srtp = new SrtpSession(keys);
        chains.rtpDecrypt.session(srtp);
        chains.rtcpDecrypt.session(srtp);
        chains.rtpEncrypt.session(srtp);
        chains.rtcpEncrypt.session(srtp);
        if (previous != null) {
            // one handshake per transport today (DtlsSession.start runs once), but a re-key must not leave
            // the old contexts' native cipher state behind
            previous.close();
        }
        connected = true;
        listener.onConnected(this);
    }

    /** Test hook: key the transport as if DTLS had finished, and fix its remote address. */
    public void installKeysForTest(SrtpKeys keys, InetSocketAddress remote) {
        worker.moveAddress(remoteAddress, remote, this);
        remoteAddress = remote;
        installKeys(keys);
    }

    void onSrtp(PacketScratch p, boolean rtcp) {
        counters.packetsIn++;
        counters.bytesIn += p.getLength();
        if (rtcp) {
            if (chains.receiveRtcp.process(p)) {
                listener.onRtcp(this, p);
            }
        } else if (chains.receiveRtp.process(p)) {
            listener.onRtp(this, p);
        }
    }

    /**
     * Transport-wide congestion control of what the client sends here: the extension id its packets carry
     * (their arrivals are recorded for feedback to it); 0: off.
     */
    public void receiveTransportCc(int extensionId) {
        chains.arrivals.extensionId(extensionId);
    }

    /**
     * Transport-wide congestion control of what the relay sends here: the extension id the client accepted
     * (packets are numbered and recorded just before encryption); 0: off.
     */
    public void sendTransportCc(int extensionId) {
        chains.sequence.extensionId(extensionId);
    }

    /** Whether what the relay sends here is numbered for transport-cc. */
    public boolean sendsTransportCc() {
        return chains.sequence.extensionId() != 0;
    }

    /** Arrivals of the client's packets, for transport-cc feedback to it. */
    public ArrivalFeedback arrivals() {
        return chains.arrivals.arrivals();
    }

    /** What the relay sent here, by transport sequence number, for the client's feedback. */
    public SentPacketHistory sentPackets() {
        return chains.sequence.history();
    }

    /** Protects and writes an RTP packet held in {@code p} (changed in place). */
    public boolean sendRtp(PacketScratch p) {
        return !closed && chains.sendRtp.process(p);
    }

    /** Protects and writes a compound RTCP packet held in {@code p}. */
    public boolean sendRtcp(PacketScratch p) {
        return !closed && chains.sendRtcp.process(p);
    }

    /**
     * Whether the worker should free this transport: no valid check for the timeout since the last one
     * (RFC 7675 §5.1, consent expired), or since it was created when none ever came (the client never
     * started ICE on it, e.g. an offer it never answered).
     */
    boolean consentExpired(long nowNanos, long timeoutNanos) {
        long last = ice.lastConsentNanos();
        return nowNanos - (last == 0 ? createdNanos : last) > timeoutNanos;
    }

    /** Whether a valid connectivity check ever arrived, i.e. ICE connected once and consent was given. */
    public boolean everChecked() {
        return ice.lastConsentNanos() != 0;
    }

    /** Frees everything; the listener hears {@code onClosed} once. */
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        worker.unregister(this);
        dtls.close();
        if (srtp != null) {
            srtp.close();
        }
        listener.onClosed(this, reason);
    }
}
