package dts.splicer.backend;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** IMF-fixdate (RFC 9110 §5.6.7) formatting; the current date is cached per second. */
final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Cached(long epochSecond, String text) {}

    private static volatile Cached now = new Cached(-1, "");

    private HttpDates() {}

    static String format(long epochMillis) { return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis)); }

    /** An IMF-fixdate as epoch milliseconds, or -1 when it is not one (then the header is ignored). */
    static long parse(String text) {
        if (text == null) return -1;
        try {
            return Instant.from(IMF_FIXDATE.parse(text.strip())).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return -1;
        }
    }

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = now;
        if (c.epochSecond() != second) {
            c = new Cached(second, format(second * 1000));
            now = c;
        }
        return c.text();
    }
}
