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
        TvOptions.Devices devices = TvOptions.Devices.SYNTHETIC;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> server = URI.create(args[++i]);
                case "--token-file" -> tokenFile = Path.of(args[++i]);
                case "--loopback-only" -> loopbackOnly = true;
                case "--no-media" -> media = false;
                case "--devices" -> devices = TvOptions.Devices.parse(args[++i]);
                case "--lang" -> text = TvText.forLanguage(args[++i]);
                case "--help" -> {
                    System.out.println("usage: tv-client [--server http://127.0.0.1:8080] [--token-file PATH]"
                            + " [--loopback-only] [--no-media] [--devices synthetic|box] [--lang zh-CN|en]\nkeys: u d l r = arrows, o or Enter = OK,"
                            + " b = Back, 0-9 = digits, q = quit");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        try (TvSession tv = new TvSession(
                new TvOptions(server, tokenFile, loopbackOnly, media).withDevices(devices), TvMain::draw)) {
            tv.start().join();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.trim().equals("q"); ) {
                String k = line.trim().toLowerCase();
                RemoteKey key = k.length() == 1 && Character.isDigit(k.charAt(0))
                        ? RemoteKey.ofDigit(k.charAt(0) - '0')
                        : KEYS.get(k);
                if (key != null) {
                    tv.press(key);
                }
            }
        }
    }

    private static TvText text = TvText.chinese();

    private static void draw(TvScreen screen) {
        System.out.println("\n==================== TV ====================");
        System.out.println(describe(screen, text));
        System.out.println("[ " + text.get(screen.focused(), stars(screen)) + " ]   (OK)");
        System.out.println("============================================");
    }

    private static int stars(TvScreen screen) {
        return screen instanceof TvScreen.Rating r ? r.stars() : 0;
    }

    static String describe(TvScreen screen, TvText t) {
        if (screen instanceof TvScreen.Pairing p) {
            return t.get("pairing.title") + "  " + p.code();
        } else if (screen instanceof TvScreen.Home h) {
            return t.get("home.greeting", h.patientName()) + "  " + t.get("home.hint");
        } else if (screen instanceof TvScreen.Ringing r) {
            return t.get("ringing.title", r.callerName())
                    + (r.reason() == null ? "" : "  " + t.get("ringing.reason", r.reason())) + "\n"
                    + t.get("ringing.hint");
        } else if (screen instanceof TvScreen.AutoAnswer a) {
            return t.get("autoanswer.title") + "  " + t.get("autoanswer.seconds", a.secondsLeft());
        } else if (screen instanceof TvScreen.Calling) {
            return t.get("calling.title") + "  " + t.get("calling.hint");
        } else if (screen instanceof TvScreen.InCall c) {
            return String.join(
                            ", ", c.others().stream().map(TvScreen.Person::name).toList())
                    + (c.caption() == null ? "" : "\n" + c.caption())
                    + (c.confirmingHangUp()
                            ? "\n" + t.get("hangup.question") + "  " + t.get("hangup.hint")
                            : "\n" + t.get("incall.hint"));
        } else if (screen instanceof TvScreen.Rating r) {
            return t.get("rating.title") + "  " + "★".repeat(r.stars())
                    + "☆".repeat(TvScreen.Rating.MAX_STARS - r.stars());
        } else if (screen instanceof TvScreen.Notice n) {
            return t.get(n.text());
        } else if (screen instanceof TvScreen.Message m) {
            return t.get("message.from", m.from()) + " " + m.text();
        } else if (screen instanceof TvScreen.Reconnecting) {
            return t.get("reconnecting.title");
        }
        return screen.toString();
    }
}
