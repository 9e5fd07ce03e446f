package org.ruralconsult.resilience;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The network of one run: the server's namespace with a bridge ({@value #SFU_ADDRESS}/24), one namespace per
 * client joined to the bridge by a veth pair, and this process's own (root) namespace joined as
 * {@value #CONTROL_ADDRESS} to drive the browsers and reach the server's HTTP API. A shaped member's veth
 * pair goes through a link namespace of its own, where {@link LinkShaper} delays, drops and rate-limits
 * frames in both directions:
 *
 * <pre>
 *   [member ns] m0 ==veth== m1 [link ns: linkem + tbf] m2 ==veth== m3 ─┐
 *   [member ns] m0 ==veth========================================= m3 ─┤ bridge [sfu ns, 10.77.0.1]
 *   [root ns]   c0 (10.77.0.254) ==veth============================ c3 ─┘
 * </pre>
 *
 * Every name starts with {@link #PREFIX}: {@link #sweep()} removes what a killed run left behind.
 */
final class Topology implements AutoCloseable {
    static final String PREFIX = "rcres";
    static final String SFU_ADDRESS = "10.77.0.1";
    static final String CONTROL_ADDRESS = "10.77.0.254";

    /** A client's namespace, its address, and its link namespace when shaped (else null). */
    record Member(
            String name, String namespace, String address, String linkNamespace, String memberSide, String sfuSide) {}

    private final String sfuNamespace = PREFIX + "-sfu";
    private final List<String> namespaces = new ArrayList<>();
    private int next = 2;

    private Topology() {}

    static Topology create() throws IOException {
        sweep();
        Topology t = new Topology();
        try {
            t.namespace(t.sfuNamespace);
            Shell.run("ip", "-n", t.sfuNamespace, "link", "add", "br0", "type", "bridge");
            Shell.run("ip", "-n", t.sfuNamespace, "address", "add", SFU_ADDRESS + "/24", "dev", "br0");
            Shell.run("ip", "-n", t.sfuNamespace, "link", "set", "br0", "up");
            // the control leg: this process reaches the server and the browsers' drivers through it
            Shell.run(
                    "ip", "link", "add", PREFIX + "c0", "type", "veth", "peer", "name", "c3", "netns", t.sfuNamespace);
            Shell.run("ip", "-n", t.sfuNamespace, "link", "set", "c3", "master", "br0", "up");
            Shell.run("ip", "address", "add", CONTROL_ADDRESS + "/24", "dev", PREFIX + "c0");
            Shell.run("ip", "link", "set", PREFIX + "c0", "up");
        } catch (IOException e) {
            t.close();
            throw e;
        }
        return t;
    }

    String sfuNamespace() {
        return sfuNamespace;
    }

    /** A client namespace on the bridge; {@code shaped} puts a link namespace between it and the bridge. */
    Member add(String name, boolean shaped) throws IOException {
        int n = next++;
        String ns = PREFIX + "-" + name;
        String address = "10.77.0." + n;
        namespace(ns);
        String sfuSide = "m" + n + "s";
        String memberSide = "eth0";
        String link = null;
        if (shaped) {
            link = PREFIX + "-" + name + "-link";
            namespace(link);
            Shell.run("ip", "-n", ns, "link", "add", memberSide, "type", "veth", "peer", "name", "m1", "netns", link);
            Shell.run(
                    "ip",
                    "-n",
                    link,
                    "link",
                    "add",
                    "m2",
                    "type",
                    "veth",
                    "peer",
                    "name",
                    sfuSide,
                    "netns",
                    sfuNamespace);
            Shell.run("ip", "-n", link, "link", "set", "m1", "up");
            Shell.run("ip", "-n", link, "link", "set", "m2", "up");
            // frames of at most one MTU into the link (the kernel segments TCP and the relay's UDP GSO runs
            // before they leave), so that loss and rate act on packets as a radio link would
            Shell.run("ip", "-n", ns, "link", "set", memberSide, "gso_max_segs", "1");
            Shell.run("ip", "-n", sfuNamespace, "link", "set", sfuSide, "gso_max_segs", "1");
        } else {
            Shell.run(
                    "ip",
                    "-n",
                    ns,
                    "link",
                    "add",
                    memberSide,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    sfuSide,
                    "netns",
                    sfuNamespace);
        }
        Shell.run("ip", "-n", sfuNamespace, "link", "set", sfuSide, "master", "br0", "up");
        Shell.run("ip", "-n", ns, "address", "add", address + "/24", "dev", memberSide);
        Shell.run("ip", "-n", ns, "link", "set", memberSide, "up");
        return new Member(name, ns, address, link, memberSide, sfuSide);
    }

    private void namespace(String ns) throws IOException {
        Shell.run("ip", "netns", "add", ns);
        namespaces.add(ns);
        Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /** Kills what still runs in each namespace, then deletes them (and with them every veth). */
    @Override
    public void close() {
        for (String ns : namespaces) {
            remove(ns);
        }
        namespaces.clear();
        Shell.quietly("ip", "link", "del", PREFIX + "c0");
    }

    /** Removes every namespace of an earlier run that was killed before it could clean up. */
    static void sweep() throws IOException {
        for (String line : Shell.run("ip", "netns", "list").split("\n")) {
            String ns = line.trim().split("\\s+")[0];
            if (ns.startsWith(PREFIX + "-")) {
                remove(ns);
            }
        }
        Shell.quietly("ip", "link", "del", PREFIX + "c0");
    }

    private static void remove(String ns) {
        try {
            for (String pid : Shell.run("ip", "netns", "pids", ns).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException e) {
            // gone already
        }
        Shell.quietly("ip", "netns", "del", ns);
    }
}
