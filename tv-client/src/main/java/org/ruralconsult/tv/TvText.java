package org.ruralconsult.tv;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every word the TV shows, from the message files {@code org/ruralconsult/tv/tv_zh_CN.properties} (the
 * default: the elders are Chinese) and {@code tv_en.properties} (UTF-8). Screens carry message keys; a
 * front end turns them into sentences here. Dates and times are in the elder's zone, Asia/Shanghai.
 */
public final class TvText {
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String BUNDLE = "org.ruralconsult.tv.tv";

    private final Locale locale;
    private final ResourceBundle bundle;

    private TvText(Locale locale) {
        this.locale = locale;
        // No fallback to the JVM's default locale: a box set to anything else still speaks Chinese.
        this.bundle = ResourceBundle.getBundle(
                BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static TvText chinese() {
        return new TvText(CHINESE);
    }

    /** "zh", "zh-CN" (default) or "en". */
    public static TvText forLanguage(String tag) {
        if (tag == null || tag.isBlank() || tag.toLowerCase(Locale.ROOT).startsWith("zh")) {
            return chinese();
        }
        if (tag.toLowerCase(Locale.ROOT).startsWith("en")) {
            return new TvText(Locale.ENGLISH);
        }
        throw new IllegalArgumentException("no TV language " + tag + " (zh-CN or en)");
    }

    public Locale locale() {
        return locale;
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /**
     * The sentence for a key, with {@link MessageFormat} arguments. A text that is not a key (a sentence
     * from elsewhere) is shown as it is rather than hidden.
     */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** A date and time as the elder reads it, in Asia/Shanghai. */
    public String dateTime(Instant when) {
        DateTimeFormatter date =
                DateTimeFormatter.ofPattern(get("format.date"), locale).withZone(ZONE);
        DateTimeFormatter time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(ZONE);
        return date.format(when) + "  " + time.format(when);
    }
}
