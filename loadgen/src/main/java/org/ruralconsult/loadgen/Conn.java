package org.ruralconsult.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One synthetic PeerConnection: a UDP socket, an ICE controlling agent (binding requests with
 * USE-CANDIDATE), a DTLS client and SRTP; or, for the reflector, plain RTP on the same socket. Receives
 * RTP, measures it, answers with RTCP (receiver reports, NACK on gaps, PLI for new video streams), and
 * passes PLI/FIR it receives to its {@link Publisher}.
 */
final class Conn implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DatagramChannel channel;
    private final boolean secure;
    private final Stats stats;
    final String localUfrag = token(4);
    final String localPwd = token(12);
    private final long tieBreaker = RANDOM.nextLong();
    private volatile InetSocketAddress remote;
    private volatile byte[] pendingTx;
    private volatile boolean iceOk;
    private Sdp.Remote remoteSdp;
    private Dtls.QueueTransport dtls;
    private volatile Srtp srtp;
    /** Set when this connection publishes: receives key frame requests. */
    volatile Publisher publisher;
    /** The transport-wide sequence number extension's id when negotiated (subscribe side), else 0. */
    private volatile int transportCcId;

    private final TransportFeedback feedback = new TransportFeedback();
    private final byte[] feedbackOut = new byte[8 + 2048];
    private final long epoch = System.nanoTime();

    private final Pkt in = new Pkt(2048);
    private final Pkt rtcpOut = new Pkt(2048);
    private final int rtcpSsrc = RANDOM.nextInt();
    private final Map<Integer, Incoming> incoming = new ConcurrentHashMap<>();

    /** Per received SSRC: what a receiver report needs. I/O thread writes, the pacer reads. */
    static final class Incoming {
        final int ssrc;
        final boolean video;
        volatile int baseSeq = -1;
        volatile int maxExtSeq = -1;
        volatile long count;
        /** The stamp stream (layer) and stamp sequence number of the last video packet, for gaps. */
        int lastStream;

        int lastStampSeq;
        long expectedPrior;
        long receivedPrior;

        Incoming(int ssrc, boolean video) {
            this.ssrc = ssrc;
            this.video = video;
        }
    }

    Conn(IoLoop loop, boolean secure, Stats stats) throws IOException {
        this.secure = secure;
        this.stats = stats;
        this.channel = IoLoop.open();
        loop.register(this);
    }

    DatagramChannel channel() {
        return channel;
    }

    int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plain mode (reflector): where our packets go. */
    void remote(InetSocketAddress r) {
        remote = r;
    }

    /**
     * Notes the arrival of packets carrying the transport-wide sequence number with extension {@code id}
     * and sends transport-cc feedback for them ({@link #sendTransportFeedback}); 0: off.
     */
    void transportCc(int id) {
        transportCcId = Math.max(0, id);
    }

    boolean ready() {
        return !secure || srtp != null;
    }

    /**
     * ICE (controlling, nominating at once: aggressive nomination against an ICE-lite server) then the DTLS
     * handshake as client; blocks until SRTP keys are there.
     */
    void connect(Sdp.Remote r, int timeoutMillis) throws IOException {
        if (r.host() == null || r.port() <= 0) {
            throw new IOException("no 127.0.0.1 UDP candidate in the remote SDP");
        }
        remoteSdp = r;
        remote = new InetSocketAddress(r.host(), r.port());
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!iceOk) {
            if (System.nanoTime() > deadline) {
                throw new IOException("ICE: no binding response from " + remote);
            }
            sendBindingRequest();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        dtls = new Dtls.QueueTransport(this::sendRaw);
        int left = (int) Math.max(1000, (deadline - System.nanoTime()) / 1_000_000L);
        Dtls.Keys k = Dtls.connect(dtls, r.fingerprint(), left);
        srtp = new Srtp(k.profile(), k.material(), true);
    }

    /** Also the consent freshness keepalive (RFC 7675), sent by the pacer every few seconds. */
    void sendBindingRequest() {
        if (!secure || remoteSdp == null) {
            return;
        }
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        pendingTx = tx;
        sendRaw(Stun.bindingRequest(tx, remoteSdp.ufrag(), localUfrag, remoteSdp.pwd(), tieBreaker, true));
    }

    void sendRaw(byte[] p) {
        sendRaw(p, 0, p.length);
    }

    void sendRaw(byte[] p, int off, int len) {
        InetSocketAddress r = remote;
        if (r == null) {
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(p, off, len), r);
        } catch (IOException e) {
            // a full socket buffer drops the packet, as UDP would
        }
    }

    /** Sends one RTP packet (pacer thread); {@code p} is protected in place when secure. */
    void sendRtp(Pkt p) {
        if (secure) {
            Srtp s = srtp;
            if (s == null || !s.protectRtp(p)) {
                return;
            }
        }
        sendRaw(p.getBuffer(), p.getOffset(), p.getLength());
    }

    void sendRtcp(byte[] b, int len) {
        synchronized (rtcpOut) {
            rtcpOut.set(b, 0, len);
            if (secure) {
                Srtp s = srtp;
                if (s == null || !s.protectRtcp(rtcpOut)) {
                    return;
                }
            }
            sendRaw(rtcpOut.getBuffer(), rtcpOut.getOffset(), rtcpOut.getLength());
        }
    }

    /** I/O thread. */
    void onPacket(byte[] b, int len, InetSocketAddress from, long now) {
        if (len < 1) {
            return;
        }
        int first = b[0] & 0xff;
        if (first < 4) {
            byte[] tx = pendingTx;
            if (!Stun.isStun(b, len)) {
                return;
            }
            int type = Stun.type(b);
            if (type == Stun.BINDING_SUCCESS && tx != null && Stun.sameTransaction(b, tx)) {
                iceOk = true;
            } else if (type == Stun.BINDING_REQUEST && secure) {
                // the remote agent's own checks (libnice checks even in lite mode): answer them
                byte[] resp = Stun.bindingSuccess(b, from, localPwd);
                try {
                    channel.send(ByteBuffer.wrap(resp), from);
                } catch (IOException e) {
                    // as UDP would
                }
            }
        } else if (first >= 20 && first < 64) {
            Dtls.QueueTransport d = dtls;
            if (d != null) {
                byte[] copy = new byte[len];
                System.arraycopy(b, 0, copy, 0, len);
                d.inbox.offer(copy);
            }
        } else if (first >= 128 && first < 192 && len >= 12) {
            int pt = b[1] & 0xff;
            in.set(b, 0, len);
            if (pt >= 192 && pt <= 223) {
                onRtcp(now);
            } else {
                onRtp(now);
            }
        }
    }

    private void onRtp(long now) {
        if (secure) {
            Srtp s = srtp;
            if (s == null) {
                stats.beforeKeys.increment(); // sent by the relay as soon as its side of DTLS was done
                return;
            }
            if (!s.unprotectRtp(in)) {
                stats.undecryptable.increment();
                return;
            }
        }
        byte[] b = in.getBuffer();
        int len = in.getLength();
        int tcc = transportCcId;
        if (tcc > 0) {
            long e = RtpExtensions.find(b, len, tcc);
            if (e >= 0 && (e & 0xff) >= 2) {
                int at = (int) (e >>> 8);
                int seq = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
                feedback.onArrival(seq, Stamp.getInt(b, 8), (now - epoch) / 1000);
                stats.transportCcNoted.increment();
            }
        }
        int at = Stamp.find(b, 0, len);
        if (at < 0) {
            return; // padding, probes or retransmissions in another format
        }
        long sent = Stamp.sendNanos(b, at, len);
        stats.onReceived(sent, now);
        int ssrc = Stamp.getInt(b, 8);
        int seq = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int stream = Stamp.streamId(b, at);
        boolean video = Stamp.kind(stream) != Stamp.AUDIO;
        Incoming s = incoming.get(ssrc);
        if (s == null) {
            s = new Incoming(ssrc, video);
            s.baseSeq = seq;
            s.maxExtSeq = seq - 1;
            incoming.put(ssrc, s);
            if (video) {
                sendPli(ssrc);
            }
        }
        if (video) {
            onVideoStamp(s, stream, Stamp.seq(b, at), sent);
        }
        s.count++;
        int max = s.maxExtSeq;
        int delta = (short) (seq - (max & 0xffff));
        if (delta > 0) {
            if (delta > 1 && delta <= 17 && video) {
                sendNack(ssrc, (max + 1) & 0xffff, delta - 1);
            }
            s.maxExtSeq = max + delta;
        }
    }

    /**
     * Counts video loss from the stamps' own sequence numbers, per layer received on this stream: a relay
     * that forwards one simulcast layer of three renumbers RTP, and leaves the other layers' packets out on
     * purpose. A gap inside one layer is loss; a switch to another layer is not.
     */
    private void onVideoStamp(Incoming s, int stream, int stampSeq, long sent) {
        int gap = 0;
        if (s.count > 0 && stream == s.lastStream) {
            // -1: a late packet, already counted in the gap it left
            gap = stampSeq > s.lastStampSeq ? stampSeq - s.lastStampSeq - 1 : -1;
        }
        if (s.count == 0 || stream != s.lastStream || stampSeq > s.lastStampSeq) {
            s.lastStream = stream;
            s.lastStampSeq = stampSeq;
        }
        stats.onVideoReceived(sent, Stamp.kind(stream), gap);
    }

    private void onRtcp(long now) {
        if (secure) {
            Srtp s = srtp;
            if (s == null) {
                stats.beforeKeys.increment(); // sent by the relay as soon as its side of DTLS was done
                return;
            }
            if (!s.unprotectRtcp(in)) {
                stats.undecryptable.increment();
                return;
            }
        }
        stats.rtcpReceived.increment();
        byte[] b = in.getBuffer();
        int end = in.getLength();
        int p = 0;
        while (p + 4 <= end) {
            int fmt = b[p] & 0x1f;
            int pt = b[p + 1] & 0xff;
            int words = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            if (pt == 206 && (fmt == 1 || fmt == 4)) {
                stats.pliReceived.increment();
                Publisher pub = publisher;
                if (pub != null && fmt == 1 && p + 12 <= end) {
                    pub.requestKeyFrame(Stamp.getInt(b, p + 8)); // PLI: the media source's layer
                } else if (pub != null) {
                    pub.requestKeyFrame(); // FIR: every layer
                }
            } else if (pt == 205 && fmt == 1) {
                stats.nackReceived.increment();
            }
            p += 4 + 4 * words;
        }
    }

    private void sendPli(int mediaSsrc) {
        byte[] r = new byte[8 + 12];
        rrHeader(r, 0);
        r[8] = (byte) 0x81; // V=2, FMT=1 PLI
        r[9] = (byte) 206;
        r[11] = 2;
        Stamp.putInt(r, 12, rtcpSsrc);
        Stamp.putInt(r, 16, mediaSsrc);
        sendRtcp(r, r.length);
        stats.pliSent.increment();
    }

    private void sendNack(int mediaSsrc, int firstMissing, int count) {
        byte[] r = new byte[8 + 16];
        rrHeader(r, 0);
        r[8] = (byte) 0x81; // FMT=1 generic NACK
        r[9] = (byte) 205;
        r[11] = 3;
        Stamp.putInt(r, 12, rtcpSsrc);
        Stamp.putInt(r, 16, mediaSsrc);
        int blp = 0;
        for (int i = 1; i < count && i <= 16; i++) {
            blp |= 1 << (i - 1);
        }
        r[20] = (byte) (firstMissing >>> 8);
        r[21] = (byte) firstMissing;
        r[22] = (byte) (blp >>> 8);
        r[23] = (byte) blp;
        sendRtcp(r, r.length);
        stats.nackSent.increment();
    }

    /** An empty receiver report heads every compound packet (RFC 3550 §6.1). */
    private void rrHeader(byte[] r, int blocks) {
        r[0] = (byte) (0x80 | blocks);
        r[1] = (byte) 201;
        r[3] = (byte) (1 + 6 * blocks);
        Stamp.putInt(r, 4, rtcpSsrc);
    }

    /**
     * Transport-cc feedback for the packets that arrived since the last one (pacer thread, every 100 ms as
     * Chrome does), after an empty receiver report: the answer does not offer reduced-size RTCP.
     */
    void sendTransportFeedback() {
        if (transportCcId <= 0 || !ready()) {
            return;
        }
        synchronized (feedbackOut) {
            int len = feedback.build(feedbackOut, 8, rtcpSsrc);
            if (len == 0) {
                return;
            }
            rrHeader(feedbackOut, 0);
            sendRtcp(feedbackOut, 8 + len);
        }
        stats.transportCcSent.increment();
    }

    /** Receiver report for every stream received (pacer thread, about once a second). */
    void sendReceiverReport() {
        if (incoming.isEmpty() || !ready()) {
            return;
        }
        int n = Math.min(31, incoming.size());
        byte[] r = new byte[8 + 24 * n];
        rrHeader(r, n);
        int i = 0;
        for (Incoming s : incoming.values()) {
            if (i == n) {
                break;
            }
            int at = 8 + 24 * i++;
            long expected = (long) s.maxExtSeq - s.baseSeq + 1;
            long received = s.count;
            long lost = Math.max(0, expected - received);
            long expInt = expected - s.expectedPrior;
            long recInt = received - s.receivedPrior;
            s.expectedPrior = expected;
            s.receivedPrior = received;
            int fraction = expInt <= 0 || recInt >= expInt ? 0 : (int) (((expInt - recInt) << 8) / expInt);
            Stamp.putInt(r, at, s.ssrc);
            Stamp.putInt(r, at + 4, (fraction << 24) | (int) Math.min(lost, 0x7fffff));
            Stamp.putInt(r, at + 8, s.maxExtSeq);
            // jitter, LSR, DLSR: 0 (no sender reports are tracked)
        }
        sendRtcp(r, r.length);
        stats.rrSent.increment();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        Dtls.QueueTransport d = dtls;
        if (d != null) {
            d.close();
        }
        Srtp s = srtp;
        if (s != null) {
            s.close();
        }
    }

    private static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
