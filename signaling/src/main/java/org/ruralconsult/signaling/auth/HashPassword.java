package org.ruralconsult.signaling.auth;

/**
 * Prints the stored form of a password for a directory file:
 * {@code java -cp signaling.jar org.ruralconsult.signaling.auth.HashPassword <password>} (or
 * {@code mvn -pl signaling exec:java -Dexec.mainClass=... -Dexec.args=<password>}).
 */
public final class HashPassword {
    private HashPassword() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HashPassword <password>");
            System.exit(2);
        }
        System.out.println(PasswordKdf.hash(args[0]));
    }
}
