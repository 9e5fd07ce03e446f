package org.ruralconsult.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough SDP for a synthetic participant: a publish offer (Opus + VP8, BUNDLE, rtcp-mux, one host
 * candidate, non-trickle) and a receive-only answer to a server's offer; a parser for the remote side.
 */
final class Sdp {
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;

    static final int RED_PT = 63;
    /** Header extension ids as Chrome numbers them. */
    static final int TRANSPORT_CC_ID = 3;

    static final int MID_ID = 4;
    static final int RID_ID = 10;
    static final String TRANSPORT_CC_URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    static final String RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** The simulcast layers a publisher sends, lowest first (RFC 8853 §5.1 lists them in this order). */
    static final List<String> RIDS = List.of("q", "h", "f");

    /**
     * One m-section of a remote description: the first Opus or VP8 format, the RED format (RFC 2198) when
     * offered, the transport-wide sequence number extension's id (-1: none).
     */
    record Section(
            String kind,
            String mid,
            int port,
            int pt,
            String codec,
            int clockRate,
            String direction,
            int redPt,
            int transportCcId) {}

    /** What we need from a remote description. */
    record Remote(
            String ufrag,
            String pwd,
            String fingerprint,
            String setup,
            String host,
            int port,
            List<Section> sections) {}

    private Sdp() {}

    /**
     * The publish offer: one video SSRC, or with {@code videoSsrcs} of three, simulcast (RFC 8853) of the
     * layers {@link #RIDS} (RFC 8851 {@code a=rid}), their SSRCs also listed in a SIM group, and the mid and
     * rid header extensions (RFC 8852) that the first packets of each layer carry; Opus RED (RFC 2198) first
     * when {@code red}.
     */
    static String publishOffer(
            String ufrag,
            String pwd,
            int port,
            int audioSsrc,
            int[] videoSsrcs,
            boolean red,
            String setup,
            String cname) {
        StringBuilder s = header("0 1");
        media(
                s,
                "audio",
                red ? RED_PT + " " + OPUS_PT : String.valueOf(OPUS_PT),
                "0",
                ufrag,
                pwd,
                port,
                setup,
                "sendonly");
        if (red) {
            s.append("a=rtpmap:63 red/48000/2\r\n");
            s.append("a=fmtp:63 111/111\r\n");
        }
        s.append("a=rtpmap:111 opus/48000/2\r\n");
        s.append("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
        ssrc(s, audioSsrc, cname, "a0");
        media(s, "video", String.valueOf(VP8_PT), "1", ufrag, pwd, port, setup, "sendonly");
        boolean simulcast = videoSsrcs.length > 1;
        if (simulcast) {
            s.append("a=extmap:").append(MID_ID).append(' ').append(MID_URI).append("\r\n");
            s.append("a=extmap:").append(RID_ID).append(' ').append(RID_URI).append("\r\n");
        }
        s.append("a=rtpmap:96 VP8/90000\r\n");
        s.append("a=rtcp-fb:96 nack\r\n");
        s.append("a=rtcp-fb:96 nack pli\r\n");
        s.append("a=rtcp-fb:96 ccm fir\r\n");
        if (simulcast) {
            for (int i = 0; i < videoSsrcs.length; i++) {
                s.append("a=rid:").append(RIDS.get(i)).append(" send\r\n");
            }
            s.append("a=simulcast:send ")
                    .append(String.join(";", RIDS.subList(0, videoSsrcs.length)))
                    .append("\r\n");
            s.append("a=ssrc-group:SIM");
            for (int v : videoSsrcs) {
                s.append(' ').append(u32(v));
            }
            s.append("\r\n");
        }
        for (int v : videoSsrcs) {
            ssrc(s, v, cname, "v0");
        }
        return s.toString();
    }

    private static void ssrc(StringBuilder s, int ssrc, String cname, String track) {
        s.append("a=ssrc:").append(u32(ssrc)).append(" cname:").append(cname).append("\r\n");
        s.append("a=ssrc:")
                .append(u32(ssrc))
                .append(" msid:")
                .append(cname)
                .append(' ')
                .append(track)
                .append("\r\n");
    }

    static String recvOnlyAnswer(Remote offer, String ufrag, String pwd, int port) {
        return recvOnlyAnswer(offer, ufrag, pwd, port, false, false);
    }

    /**
     * A receive-only answer to every m-section of {@code offer} (rejected sections stay rejected); accepts
     * the transport-wide sequence number extension and its {@code transport-cc} feedback when offered and
     * {@code transportCc}, RED (RFC 2198) when offered and {@code red}.
     */
    static String recvOnlyAnswer(Remote offer, String ufrag, String pwd, int port, boolean transportCc, boolean red) {
        List<String> mids = new ArrayList<>();
        for (Section m : offer.sections()) {
            if (m.port() != 0 && m.mid() != null) {
                mids.add(m.mid());
            }
        }
        StringBuilder s = header(String.join(" ", mids));
        for (Section m : offer.sections()) {
            if (m.port() == 0 || m.pt() < 0) {
                s.append("m=")
                        .append(m.kind())
                        .append(" 0 UDP/TLS/RTP/SAVPF ")
                        .append(Math.max(m.pt(), 0))
                        .append("\r\n");
                s.append("c=IN IP4 0.0.0.0\r\n");
                if (m.mid() != null) {
                    s.append("a=mid:").append(m.mid()).append("\r\n");
                }
                s.append("a=inactive\r\n");
                continue;
            }
            boolean withRed = red && m.redPt() >= 0;
            String formats = withRed ? m.redPt() + " " + m.pt() : String.valueOf(m.pt());
            media(s, m.kind(), formats, m.mid(), ufrag, pwd, port, "active", "recvonly");
            boolean withTransportCc = transportCc && m.transportCcId() > 0;
            if (withTransportCc) {
                s.append("a=extmap:")
                        .append(m.transportCcId())
                        .append(' ')
                        .append(TRANSPORT_CC_URI)
                        .append("\r\n");
            }
            if (withRed) {
                s.append("a=rtpmap:").append(m.redPt()).append(" red/48000/2\r\n");
                s.append("a=fmtp:")
                        .append(m.redPt())
                        .append(' ')
                        .append(m.pt())
                        .append('/')
                        .append(m.pt())
                        .append("\r\n");
            }
            s.append("a=rtpmap:")
                    .append(m.pt())
                    .append(' ')
                    .append(m.codec())
                    .append('/')
                    .append(m.clockRate())
                    .append(m.kind().equals("audio") ? "/2" : "")
                    .append("\r\n");
            if (m.kind().equals("video")) {
                s.append("a=rtcp-fb:").append(m.pt()).append(" nack\r\n");
                s.append("a=rtcp-fb:").append(m.pt()).append(" nack pli\r\n");
                s.append("a=rtcp-fb:").append(m.pt()).append(" ccm fir\r\n");
            }
            if (withTransportCc) {
                s.append("a=rtcp-fb:").append(m.pt()).append(" transport-cc\r\n");
            }
        }
        return s.toString();
    }

    private static StringBuilder header(String bundle) {
        StringBuilder s = new StringBuilder(1024);
        s.append("v=0\r\n");
        s.append("o=- ").append(System.nanoTime() & 0xffffffffL).append(" 2 IN IP4 127.0.0.1\r\n");
        s.append("s=-\r\nt=0 0\r\n");
        s.append("a=group:BUNDLE ").append(bundle).append("\r\n");
        s.append("a=msid-semantic: WMS *\r\n");
        return s;
    }

    private static void media(
            StringBuilder s,
            String kind,
            String formats,
            String mid,
            String ufrag,
            String pwd,
            int port,
            String setup,
            String direction) {
        s.append("m=")
                .append(kind)
                .append(' ')
                .append(port)
                .append(" UDP/TLS/RTP/SAVPF ")
                .append(formats)
                .append("\r\n");
        s.append("c=IN IP4 127.0.0.1\r\n");
        s.append("a=rtcp:").append(port).append(" IN IP4 127.0.0.1\r\n");
        s.append("a=candidate:1 1 udp 2130706431 127.0.0.1 ").append(port).append(" typ host\r\n");
        s.append("a=end-of-candidates\r\n");
        s.append("a=ice-ufrag:").append(ufrag).append("\r\n");
        s.append("a=ice-pwd:").append(pwd).append("\r\n");
        s.append("a=fingerprint:sha-256 ").append(Dtls.localFingerprint()).append("\r\n");
        s.append("a=setup:").append(setup).append("\r\n");
        s.append("a=mid:").append(mid).append("\r\n");
        s.append('a').append('=').append(direction).append("\r\n");
        s.append("a=rtcp-mux\r\n");
    }

    static Remote parse(String sdp) {
        String ufrag = null, pwd = null, fp = null, setup = null, host = null;
        int port = -1;
        List<Section> sections = new ArrayList<>();
        String kind = null, mid = null, codec = null, dir = "sendrecv";
        int mport = 0, pt = -1, clock = 0, red = -1, tcc = -1;
        List<Integer> pts = List.of();
        for (String raw : sdp.split("\r?\n")) {
            String l = raw.trim();
            if (l.startsWith("m=")) {
                if (kind != null) {
                    sections.add(new Section(kind, mid, mport, pt, codec, clock, dir, red, tcc));
                }
                String[] f = l.substring(2).split(" ");
                kind = f[0];
                mport = Integer.parseInt(f[1]);
                pts = new ArrayList<>();
                for (int i = 3; i < f.length; i++) {
                    try {
                        pts.add(Integer.parseInt(f[i]));
                    } catch (NumberFormatException e) {
                        // not an RTP format
                    }
                }
                mid = null;
                codec = null;
                pt = -1;
                clock = 0;
                red = -1;
                tcc = -1;
                dir = "sendrecv";
            } else if (l.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = l.substring(12);
            } else if (l.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = l.substring(10);
            } else if (l.startsWith("a=fingerprint:") && fp == null) {
                String[] f = l.substring(14).split(" ");
                if (f[0].equalsIgnoreCase("sha-256")) {
                    fp = f[1].toUpperCase(Locale.ROOT);
                }
            } else if (l.startsWith("a=setup:") && setup == null) {
                setup = l.substring(8);
            } else if (l.startsWith("a=mid:")) {
                mid = l.substring(6);
            } else if (l.equals("a=sendonly")
                    || l.equals("a=recvonly")
                    || l.equals("a=inactive")
                    || l.equals("a=sendrecv")) {
                dir = l.substring(2);
            } else if (l.startsWith("a=extmap:") && l.endsWith(" " + TRANSPORT_CC_URI)) {
                tcc = Integer.parseInt(l.substring(9, l.indexOf(' ')).split("/")[0]);
            } else if (l.startsWith("a=rtpmap:") && l.toLowerCase(Locale.ROOT).contains(" red/48000")) {
                red = Integer.parseInt(l.substring(9, l.indexOf(' ')));
            } else if (l.startsWith("a=rtpmap:") && pt < 0) {
                // the first codec we can send or receive: Opus or VP8
                String[] f = l.substring(9).split(" ", 2);
                String[] c = f[1].split("/");
                if (c[0].equalsIgnoreCase("opus") || c[0].equalsIgnoreCase("VP8")) {
                    pt = Integer.parseInt(f[0]);
                    codec = c[0];
                    clock = Integer.parseInt(c[1]);
                }
            } else if (l.startsWith("a=candidate:") && host == null) {
                // foundation component transport priority address port typ host
                String[] f = l.substring(12).split(" ");
                if (f.length >= 8 && f[1].equals("1") && f[2].equalsIgnoreCase("udp") && f[4].equals("127.0.0.1")) {
                    host = f[4];
                    port = Integer.parseInt(f[5]);
                }
            }
        }
        if (kind != null) {
            sections.add(new Section(kind, mid, mport, pt, codec, clock, dir, red, tcc));
        }
        return new Remote(ufrag, pwd, fp, setup, host, port, sections);
    }

    /** The transport-wide sequence number extension's id in {@code r} (one transport: BUNDLE), 0: none. */
    static int transportCcId(Remote r) {
        for (Section m : r.sections()) {
            if (m.port() != 0 && m.transportCcId() > 0) {
                return m.transportCcId();
            }
        }
        return 0;
    }

    /** The RED payload type of {@code r}'s audio section, -1 when it has none (the relay kept plain Opus). */
    static int redPt(Remote r) {
        for (Section m : r.sections()) {
            if (m.kind().equals("audio") && m.port() != 0) {
                return m.redPt();
            }
        }
        return -1;
    }

    static String u32(int v) {
        return Long.toString(v & 0xffffffffL);
    }
}
