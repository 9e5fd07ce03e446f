package org.ruralconsult.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from /proc (Linux). */
final class ProcStat {
    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {}

    /** utime + stime of {@code pid} in seconds, or NaN when it is gone. */
    static double cpuSeconds(long pid) {
        return cpuSeconds(String.valueOf(pid));
    }

    private static double cpuSeconds(String procPath) {
        try {
            String s = Files.readString(Path.of("/proc/" + procPath + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime is field 14 overall → index 11 here, stime 12
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * utime + stime of the threads of {@code pid} whose name (/proc/PID/task/TID/comm, 15 characters at
     * most) starts with {@code prefix}, in seconds; NaN when the process is gone.
     */
    static double threadCpuSeconds(long pid, String prefix) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            double sum = 0;
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith(prefix)) {
                        double c = cpuSeconds(pid + "/task/" + t.getFileName());
                        sum += Double.isNaN(c) ? 0 : c;
                    }
                } catch (IOException e) {
                    // the thread ended
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** VmRSS of {@code pid} in kB, or -1. */
    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
