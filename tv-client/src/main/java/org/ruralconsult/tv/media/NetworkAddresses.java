package org.ruralconsult.tv.media;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** This box's addresses on its interfaces that are up (loopback included: a loopback-only test host has no other). */
public final class NetworkAddresses {
    private NetworkAddresses() {}

    /** "interface/address" for every address of every interface that is up; empty if they cannot be read. */
    public static Set<String> now() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    out.add(nic.getName() + "/" + a.getHostAddress());
                }
            }
        } catch (SocketException e) {
            return Set.of();
        }
        return out;
    }
}
