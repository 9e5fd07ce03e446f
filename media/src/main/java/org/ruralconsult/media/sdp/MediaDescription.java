package org.ruralconsult.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code m=} section: the media line, its attributes in order, and any other lines.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866#section-5.14">RFC 8866 §5.14 media descriptions</a>
 */
public final class MediaDescription {
    public String kind;
    public int port;
    public String proto;
    public final List<String> formats = new ArrayList<>();
    public final List<String[]> attributes = new ArrayList<>();
    public final List<String> otherLines = new ArrayList<>();

    public MediaDescription(String kind, int port, String proto) {
        this.kind = kind;
        this.port = port;
        this.proto = proto;
    }

    public MediaDescription attr(String name) {
        attributes.add(new String[] {name, null});
        return this;
    }

    public MediaDescription attr(String name, String value) {
        attributes.add(new String[] {name, value});
        return this;
    }

    /** Value of the first attribute {@code name}, "" for a flag, null if absent. */
    public String value(String name) {
        for (String[] a : attributes) {
            if (a[0].equals(name)) {
                return a[1] == null ? "" : a[1];
            }
        }
        return null;
    }

    public List<String> values(String name) {
        List<String> r = new ArrayList<>();
        for (String[] a : attributes) {
            if (a[0].equals(name)) {
                r.add(a[1] == null ? "" : a[1]);
            }
        }
        return r;
    }

    public String mid() {
        return value("mid");
    }

    /** sendrecv, sendonly, recvonly or inactive (RFC 8866 §6.7); sendrecv when absent. */
    public String direction() {
        for (String d : new String[] {"sendrecv", "sendonly", "recvonly", "inactive"}) {
            if (value(d) != null) {
                return d;
            }
        }
        return "sendrecv";
    }
}
