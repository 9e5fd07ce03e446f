package org.ruralconsult.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Writes a county directory file for the SFU benchmark ({@code --seed} of the server): one county hospital,
 * {@code GROUPS} townships, per township two township doctors and one county expert, i.e. one group of
 * three free logins per three-way call. Prints the matching {@code --sfu-logins} value on stdout.
 *
 * <p>Every account has the same password and the same stored hash (the server's own format,
 * {@code pbkdf2-sha512$<iterations>$<salt>$<hash>}, self-describing). The iteration count is low by default
 * (1,000, not the server's 210,000) so that 192 logins at set-up take milliseconds, not a minute of the
 * relay's CPU: these are throwaway benchmark accounts, never a real county.
 *
 * <pre>
 * java -cp ... org.ruralconsult.loadgen.SeedCounty OUT.json GROUPS [PASSWORD [ITERATIONS]]
 * </pre>
 */
public final class SeedCounty {
    private SeedCounty() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SeedCounty OUT.json GROUPS [PASSWORD [ITERATIONS]]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int groups = Integer.parseInt(args[1]);
        String password = args.length > 2 ? args[2] : "consult2026";
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        write(out, groups, hash(password, iterations));
        System.out.println(logins(groups));
    }

    /** {@code caller,callee,expert;...} for {@code groups} calls. */
    static String logins(int groups) {
        StringBuilder b = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                b.append(';');
            }
            b.append(String.format(Locale.ROOT, "bench%03da,bench%03db,bench%03dx", g, g, g));
        }
        return b.toString();
    }

    static void write(Path out, int groups, String passwordHash) throws IOException {
        StringBuilder s = new StringBuilder(groups * 600);
        s.append("{\n  \"description\": \"Load-test county written by loadgen SeedCounty: ")
                .append(groups)
                .append(" groups of two township doctors and one county expert. Not for real use.\",\n");
        s.append("  \"organizations\": [\n");
        s.append(
                "    {\"id\": \"org-bench-county\", \"name\": \"Bench County Hospital\", \"type\": \"COUNTY_HOSPITAL\"}");
        for (int g = 0; g < groups; g++) {
            s.append(String.format(
                    Locale.ROOT,
                    ",\n    {\"id\": \"twp-bench-%03d\", \"name\": \"Bench Township %03d\", \"type\": \"TOWNSHIP_CENTRE\","
                            + " \"partOf\": \"org-bench-county\"}",
                    g,
                    g));
        }
        s.append("\n  ],\n  \"practitioners\": [\n");
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                s.append(",\n");
            }
            for (String who : new String[] {"a", "b"}) {
                s.append(String.format(
                        Locale.ROOT,
                        "    {\"id\": \"doc-bench-%03d%s\", \"name\": \"Doctor %03d%s\", \"role\": \"TOWNSHIP_DOCTOR\","
                                + " \"organizationId\": \"twp-bench-%03d\", \"login\": \"bench%03d%s\","
                                + " \"passwordHash\": \"%s\"},\n",
                        g,
                        who,
                        g,
                        who,
                        g,
                        g,
                        who,
                        passwordHash));
            }
            s.append(String.format(
                    Locale.ROOT,
                    "    {\"id\": \"exp-bench-%03d\", \"name\": \"Expert %03d\", \"role\": \"COUNTY_EXPERT\","
                            + " \"organizationId\": \"org-bench-county\", \"login\": \"bench%03dx\","
                            + " \"passwordHash\": \"%s\", \"specialty\": \"cardiology\"}",
                    g,
                    g,
                    g,
                    passwordHash));
        }
        s.append("\n  ],\n  \"patients\": [],\n  \"devices\": []\n}\n");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, s.toString(), StandardCharsets.UTF_8);
    }

    /** The server's stored form ({@code PasswordKdf}): PBKDF2-HMAC-SHA512, 16-byte salt, 256-bit hash. */
    static String hash(String password, int iterations) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        byte[] h = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                .generateSecret(spec)
                .getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha512$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }
}
