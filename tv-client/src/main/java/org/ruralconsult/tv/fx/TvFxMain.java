package org.ruralconsult.tv.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import org.ruralconsult.tv.box.CecClientWake;

/**
 * Starts the full-screen TV app: {@code java -cp … org.ruralconsult.tv.fx.TvFxMain [--server URL]
 * [--lang zh-CN|en] [--token-file PATH] [--cec auto|on|off] [--windowed]}. {@code --cec}: wake the TV with
 * HDMI-CEC on a ring (auto, the default: when {@code cec-client} is on the PATH). (A separate class, so that JavaFX on the class path
 * starts without the module system.)
 */
public final class TvFxMain {
    private TvFxMain() {}

    public static void main(String[] args) {
        List<String> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server", "--lang", "--token-file", "--cec" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    if (args[i].equals("--cec")) {
                        CecClientWake.Mode.parse(args[i + 1]);
                    }
                    params.add(args[i] + "=" + args[++i]);
                }
                case "--windowed" -> params.add("--windowed");
                case "--help" -> {
                    System.out.println("usage: tv-client-fx [--server http://127.0.0.1:8080] [--lang zh-CN|en]"
                            + " [--token-file PATH] [--cec auto|on|off] [--windowed]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        Application.launch(TvFxApp.class, params.toArray(String[]::new));
    }
}
