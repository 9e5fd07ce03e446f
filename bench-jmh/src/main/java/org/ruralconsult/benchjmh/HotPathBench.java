package org.ruralconsult.benchjmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-packet work of a selective forwarding unit, one operation = one packet (for {@link #fanOut}: one
 * incoming packet delivered to every subscriber). The SFU's design (DESIGN.md "Media relay"): demultiplex by
 * first byte (RFC 7983), SRTP-unprotect once, then per subscriber copy into a pooled direct buffer, rewrite
 * SSRC / sequence number / timestamp / payload type, SRTP-protect and hand to the socket.
 *
 * <p>These benchmark the operations with the libraries the SFU uses (jitsi-srtp with SunJCE or OpenSSL AES, Netty's
 * pooled allocator), not yet the media module's own classes (see docs/benchmarks.md). Receive replay
 * checking is off so that a ring of pre-protected packets can be unprotected again and again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBench {
    private static final int RING = 1024;
    private static final int SSRC = 0x1234abcd;

    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public String profile;

    /** RTP packet size before SRTP (video: about 1,100 bytes). */
    @Param({"1100"})
    public int size;

    @Param({"2"})
    public int subscribers;

    /** jitsi-srtp's AES provider: SunJCE (what the media module sets) or OpenSSL (its native library). */
    @Param({"SunJCE"})
    public String aes;

    private final byte[][] plain = new byte[RING][];
    private final byte[][] protectedRing = new byte[RING][];
    private final int[] protectedLen = new int[RING];
    private final byte[] firstBytes = new byte[RING];
    private final Packet in = new Packet();
    private final Packet out = new Packet();
    private SrtpCryptoContext sender;
    private SrtpCryptoContext receiver;
    private SrtpCryptoContext[] perSubscriber;
    private SrtpContextFactory[] factories;
    private int next;
    private int outSeq;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        Aes.setFactoryClassName(aes); // one JVM per parameter set: set before any context exists
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] key = new byte[16];
        boolean gcm = profile.equals("AEAD_AES_128_GCM");
        byte[] salt = new byte[gcm ? 12 : 14];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) rnd.nextInt();
        }
        SrtpPolicy policy = gcm
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        policy.setReceiveReplayEnabled(false);
        LoggerImpl log = new LoggerImpl("bench");
        SrtpContextFactory tx = new SrtpContextFactory(true, key, salt, policy, policy, log);
        SrtpContextFactory rx = new SrtpContextFactory(false, key, salt, policy, policy, log);
        sender = tx.deriveContext(SSRC, 0);
        receiver = rx.deriveContext(SSRC, 0);
        factories = new SrtpContextFactory[subscribers];
        perSubscriber = new SrtpCryptoContext[subscribers];
        for (int s = 0; s < subscribers; s++) {
            factories[s] = new SrtpContextFactory(true, key, salt, policy, policy, log);
            perSubscriber[s] = factories[s].deriveContext(SSRC + 1 + s, 0);
        }
        for (int i = 0; i < RING; i++) {
            byte[] p = new byte[size];
            rnd.nextBytes(p);
            p[0] = (byte) 0x80;
            p[1] = (byte) 96;
            p[2] = (byte) (i >>> 8);
            p[3] = (byte) i;
            putInt(p, 4, i * 3000);
            putInt(p, 8, SSRC);
            plain[i] = p;
            sender.transformPacket(in.load(p, size));
            protectedRing[i] = java.util.Arrays.copyOf(in.buf, in.len);
            protectedLen[i] = in.len;
            // a realistic mix on a media port: mostly RTP/RTCP, some STUN and DTLS
            int k = rnd.nextInt(100);
            firstBytes[i] = (byte) (k < 2 ? 0x00 : k < 3 ? 22 : k < 95 ? 0x80 : 0x81);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (SrtpContextFactory f : factories) {
            f.close();
        }
    }

    /** RFC 7983 §7: 0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP (RTCP told apart by the payload type). */
    static int classify(int first, int second) {
        if (first < 4) {
            return 0;
        }
        if (first >= 20 && first < 64) {
            return 1;
        }
        if (first >= 128 && first < 192) {
            return second >= 192 && second <= 223 ? 3 : 2;
        }
        return 4;
    }

    @Benchmark
    public int demux() {
        int i = next++ & (RING - 1);
        return classify(firstBytes[i] & 0xff, plain[i][1] & 0xff);
    }

    @Benchmark
    public boolean srtpUnprotect() throws GeneralSecurityException {
        int i = next++ & (RING - 1);
        in.load(protectedRing[i], protectedLen[i]);
        return receiver.reverseTransformPacket(in, false) == SrtpErrorStatus.OK;
    }

    @Benchmark
    public boolean srtpProtect() throws GeneralSecurityException {
        int i = next++ & (RING - 1);
        out.load(plain[i], size);
        rewrite(out.buf, SSRC + 1, outSeq++, i * 3000, 96);
        return perSubscriber[0].transformPacket(out) == SrtpErrorStatus.OK;
    }

    /** Copy for one subscriber and rewrite SSRC, sequence number, timestamp and payload type. */
    @Benchmark
    public byte[] rtpRewrite() {
        int i = next++ & (RING - 1);
        out.load(plain[i], size);
        rewrite(out.buf, SSRC + 1, outSeq++, i * 3000 + 17, 100);
        return out.buf;
    }

    /**
     * One incoming SRTP packet to every subscriber: demux, unprotect once, then per subscriber a pooled
     * direct buffer, rewrite, protect, write into the buffer (the socket write is left out), release.
     */
    @Benchmark
    public void fanOut(Blackhole bh) throws GeneralSecurityException {
        int i = next++ & (RING - 1);
        in.load(protectedRing[i], protectedLen[i]);
        if (classify(in.buf[0] & 0xff, in.buf[1] & 0xff) != 2
                || receiver.reverseTransformPacket(in, false) != SrtpErrorStatus.OK) {
            throw new IllegalStateException("bad packet");
        }
        int seq = outSeq++;
        for (int s = 0; s < subscribers; s++) {
            out.load(in.buf, in.len);
            rewrite(out.buf, SSRC + 1 + s, seq, i * 3000 + 17, 100);
            perSubscriber[s].transformPacket(out);
            ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(out.len);
            b.writeBytes(out.buf, 0, out.len);
            bh.consume(b.readableBytes());
            b.release();
        }
    }

    static void rewrite(byte[] p, int ssrc, int seq, int ts, int pt) {
        p[1] = (byte) ((p[1] & 0x80) | pt);
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        putInt(p, 4, ts);
        putInt(p, 8, ssrc);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
