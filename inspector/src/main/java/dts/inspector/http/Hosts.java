package dts.inspector.http;

import java.util.Locale;

/** Syntax of {@code uri-host [":" port]} (Host header, authority of an absolute-form target). */
final class Hosts {
    private static final int MAX_PORT_DIGITS = 5;

    private Hosts() {
    }

    /** The host, lower-cased and without the port; null when the value is not a valid host. */
    static String hostOf(String value) {
        int i = 0;
        int n = value.length();
        if (n > 0 && value.charAt(0) == '[') {
            i = 1;
            while (i < n && ipLiteralChar(value.charAt(i))) {
                i++;
            }
            if (i == n || value.charAt(i) != ']' || i == 1) {
                return null;
            }
            i++;
        } else {
            while (i < n && Ascii.regNameChar(value.charAt(i))) {
                i++;
            }
        }
        int hostEnd = i;
        if (i < n) {
            if (value.charAt(i) != ':' || n - i - 1 > MAX_PORT_DIGITS) {
                return null;
            }
            for (i++; i < n; i++) {
                if (!Ascii.digit(value.charAt(i))) {
                    return null;
                }
            }
        }
        return value.substring(0, hostEnd).toLowerCase(Locale.ROOT);
    }

    private static boolean ipLiteralChar(char c) {
        return c == ':' || c == '.' || Ascii.hexValue(c) >= 0;
    }
}
