package org.ruralconsult.tv;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the TV app in a terminal: each screen is printed, and remote keys are typed as lines
 * (u d l r for the arrows, o or Enter for OK, b for Back, a digit). A set-top box build maps its remote's
 * key codes to {@link RemoteKey} the same way and draws {@link TvScreen}s full screen.
 */
public final class TvMain {
    private static final Map<String, RemoteKey> KEYS = Map.of(
            "u",
            RemoteKey.UP,
            "d",
            RemoteKey.DOWN,
            "l",
            RemoteKey.LEFT,
            "r",
            RemoteKey.RIGHT,
            "o",
            RemoteKey.OK,
            "",
            RemoteKey.OK,
            "b",
            RemoteKey.BACK);

    private TvMain() {}

    public static void main(String[] args) throws Exception {
        URI server = TvOptions.DEFAULT_SERVER;
        Path tokenFile = TvOptions.DEFAULT_TOKEN_FILE;
        boolean loopbackOnly = false;
        boolean media = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> server = URI.create(args[++i]);
                case "--token-file" -> tokenFile = Path.of(args[++i]);
                case "--loopback-only" -> loopbackOnly = true;
                case "--no-media" -> media = false;
                case "--help" -> {
                    System.out.println("usage: tv-client [--server http://127.0.0.1:8080] [--token-file PATH]"
                            + " [--loopback-only] [--no-media]\nkeys: u d l r = arrows, o or Enter = OK,"
                            + " b = Back, 0-9 = digits, q = quit");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        try (TvSession tv = new TvSession(new TvOptions(server, tokenFile, loopbackOnly, media), TvMain::draw)) {
            tv.start().join();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.trim().equals("q"); ) {
                String k = line.trim().toLowerCase();
                RemoteKey key = k.length() == 1 && Character.isDigit(k.charAt(0))
                        ? RemoteKey.values()[RemoteKey.DIGIT_0.ordinal() + (k.charAt(0) - '0')]
                        : KEYS.get(k);
                if (key != null) {
                    tv.press(key);
                }
            }
        }
    }

    private static void draw(TvScreen screen) {
        System.out.println("\n==================== TV ====================");
        System.out.println(describe(screen));
        System.out.println("[ " + screen.focused() + " ]   (OK)");
        System.out.println("============================================");
    }

    static String describe(TvScreen screen) {
        if (screen instanceof TvScreen.Pairing p) {
            return "Tell the clinic this code:  " + p.code();
        } else if (screen instanceof TvScreen.Home h) {
            return "Hello " + h.patientName() + ". Press OK to call your doctor.";
        } else if (screen instanceof TvScreen.Ringing r) {
            return r.callerName() + " is calling you." + (r.reason() == null ? "" : " (" + r.reason() + ")")
                    + "\nOK: answer    Back: not now";
        } else if (screen instanceof TvScreen.Calling) {
            return "Calling your doctor…    Back: stop";
        } else if (screen instanceof TvScreen.InCall c) {
            return "In a consult with " + String.join(", ", c.others())
                    + (c.caption() == null ? "" : "\n" + c.caption())
                    + (c.confirmingHangUp() ? "\nHang up? OK: yes    Back: no" : "\nBack: hang up");
        } else if (screen instanceof TvScreen.Rating r) {
            return "How was the consult?  " + "★".repeat(r.stars()) + "☆".repeat(TvScreen.Rating.MAX_STARS - r.stars());
        } else if (screen instanceof TvScreen.Notice n) {
            return n.text();
        }
        return screen.toString();
    }
}
