package org.ruralconsult.tv.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the full-screen TV app: {@code java -cp … org.ruralconsult.tv.fx.TvFxMain [--server URL]
 * [--lang zh-CN|en] [--token-file PATH] [--windowed]}. (A separate class, so that JavaFX on the class path
 * starts without the module system.)
 */
public final class TvFxMain {
    private TvFxMain() {}

    public static void main(String[] args) {
        List<String> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server", "--lang", "--token-file" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    params.add(args[i] + "=" + args[++i]);
                }
                case "--windowed" -> params.add("--windowed");
                case "--help" -> {
                    System.out.println("usage: tv-client-fx [--server http://127.0.0.1:8080] [--lang zh-CN|en]"
                            + " [--token-file PATH] [--windowed]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        Application.launch(TvFxApp.class, params.toArray(String[]::new));
    }
}
