package org.ruralconsult.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed SDP: session-level lines and attributes, then media sections.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866">RFC 8866 SDP</a>
 */
public final class SessionDescription {
    public final List<String> sessionLines = new ArrayList<>();
    public final List<String[]> attributes = new ArrayList<>();
    public final List<MediaDescription> media = new ArrayList<>();

    public String value(String name) {
        for (String[] a : attributes) {
            if (a[0].equals(name)) {
                return a[1] == null ? "" : a[1];
            }
        }
        return null;
    }

    /** Media-level value, else session-level (ice-ufrag, fingerprint, setup may sit at either). */
    public String valueFor(MediaDescription m, String name) {
        String v = m.value(name);
        return v != null ? v : value(name);
    }
}
