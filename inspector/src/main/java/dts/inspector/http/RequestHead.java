package dts.inspector.http;

import java.util.List;
import java.util.Map;

/** An HTTP/1.x request head that {@link HeadParser} accepted. Immutable. */
public final class RequestHead {
    private final String method;
    private final String target;
    private final String path;
    private final String query;
    private final String version;
    private final List<Map.Entry<String, String>> headers;
    private final String host;
    private final boolean keepAlive;
    private final int headLength;
    private final long contentLength;

    RequestHead(String method, String target, Target parts, String version,
            List<Map.Entry<String, String>> headers, HeadFields fields, int headLength) {
        this.method = method;
        this.target = target;
        this.path = parts.path;
        this.query = parts.query;
        this.version = version;
        this.headers = headers;
        this.host = fields.host;
        this.keepAlive = fields.keepAlive;
        this.headLength = headLength;
        this.contentLength = fields.contentLength;
    }

    public String method() {
        return method;
    }

    /** The request-target as sent. */
    public String target() {
        return target;
    }

    /**
     * Path of the target, normalized: percent-encoded unreserved characters decoded, other
     * percent-encodings kept (upper-case hex), dot-segments removed, no query. "*" for asterisk-form.
     */
    public String path() {
        return path;
    }

    /** The query as sent, without '?'; empty when there is none. */
    public String query() {
        return query;
    }

    /** "HTTP/1.0" or "HTTP/1.1". */
    public String version() {
        return version;
    }

    /** First value of the header (name compared case-insensitively), without surrounding whitespace; null if absent. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** All header fields in the order received; names as sent; values decoded as ISO-8859-1. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * The host, lower-cased, without port: from an absolute-form target, else from the Host header;
     * null when neither is present (HTTP/1.0), empty for an empty Host header.
     */
    public String host() {
        return host;
    }

    /** Whether the connection persists after this request: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive". */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Bytes of the head, from the first byte given to the parser through the empty line that ends it. */
    public int headLength() {
        return headLength;
    }

    /** Length of the body: the Content-Length, 0 when absent, -1 for a chunked body. */
    public long contentLength() {
        return contentLength;
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version + " (path " + path + ", host " + host + ", "
                + headers.size() + " headers, " + headLength + " bytes)";
    }
}
