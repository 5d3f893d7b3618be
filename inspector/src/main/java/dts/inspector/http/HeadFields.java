package dts.inspector.http;

import java.util.List;
import java.util.Map;

/**
 * Checks across header fields once the head is complete: Host (required in HTTP/1.1, at most one),
 * message framing (Content-Length, Transfer-Encoding: no smuggling ambiguity) and persistence.
 */
final class HeadFields {
    final String error;
    final String host;
    final boolean keepAlive;
    final long contentLength;

    private HeadFields(String error, String host, boolean keepAlive, long contentLength) {
        this.error = error;
        this.host = host;
        this.keepAlive = keepAlive;
        this.contentLength = contentLength;
    }

    static HeadFields check(boolean http11, List<Map.Entry<String, String>> headers, String targetHost) {
        String hostValue = null;
        int hosts = 0;
        long length = -1;
        Framing framing = new Framing();
        boolean close = false;
        boolean keepAlive = false;
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            String value = header.getValue();
            if (name.equalsIgnoreCase("host")) {
                hosts++;
                hostValue = value;
            } else if (name.equalsIgnoreCase("content-length")) {
                long l = ContentLength.parse(value);
                if (l < 0) {
                    return failed("Content-Length: invalid value");
                }
                if (length >= 0 && l != length) {
                    return failed("Content-Length: differing values");
                }
                length = l;
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                String error = framing.add(value);
                if (error != null) {
                    return failed(error);
                }
            } else if (name.equalsIgnoreCase("connection")) {
                close |= Tokens.contains(value, "close");
                keepAlive |= Tokens.contains(value, "keep-alive");
            }
        }
        if (hosts > 1) {
            return failed("Host: several headers");
        }
        if (hosts == 0 && http11) {
            return failed("missing Host header");
        }
        String host = hostValue == null ? null : Hosts.hostOf(hostValue);
        if (hostValue != null && host == null) {
            return failed("Host: invalid value");
        }
        String error = framing.check(http11, length >= 0);
        if (error != null) {
            return failed(error);
        }
        boolean persistent = !close && (http11 || keepAlive);
        long contentLength = framing.chunked() ? -1 : Math.max(0, length);
        return new HeadFields(null, targetHost != null ? targetHost : host, persistent, contentLength);
    }

    private static HeadFields failed(String error) {
        return new HeadFields(error, null, false, 0);
    }
}
