package org.ruralconsult.tv.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import org.ruralconsult.tv.TvOptions;
import org.ruralconsult.tv.box.CecClientWake;

/**
 * Starts the full-screen TV app: {@code java -cp … org.ruralconsult.tv.fx.TvFxMain [--server URL]
 * [--lang zh-CN|en] [--token-file PATH] [--cec auto|on|off] [--devices box|synthetic] [--auto-answer-seconds N]
 * [--windowed]}. {@code --cec}: wake the TV with HDMI-CEC on a ring (auto, the default: when {@code
 * cec-client} is on the PATH). {@code --devices}: the box's camera and microphone (default) or the labelled
 * synthetic picture and tone for a demo. (A separate class, so that JavaFX on the class path
 * starts without the module system.)
 */
public final class TvFxMain {
    private TvFxMain() {}

    public static void main(String[] args) {
        List<String> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server", "--lang", "--token-file", "--cec", "--devices", "--auto-answer-seconds" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    // wrong values fail here, before a window opens
                    switch (args[i]) {
                        case "--cec" -> CecClientWake.Mode.parse(args[i + 1]);
                        case "--devices" -> TvOptions.Devices.parse(args[i + 1]);
                        case "--auto-answer-seconds" -> TvFxApp.countdown(args[i + 1]);
                        default -> {}
                    }
                    params.add(args[i] + "=" + args[++i]);
                }
                case "--windowed" -> params.add("--windowed");
                case "--help" -> {
                    System.out.println("usage: tv-client-fx [--server http://127.0.0.1:8080] [--lang zh-CN|en]"
                            + " [--token-file PATH] [--cec auto|on|off] [--devices box|synthetic]"
                            + " [--auto-answer-seconds 10] [--windowed]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        Application.launch(TvFxApp.class, params.toArray(String[]::new));
    }
}
