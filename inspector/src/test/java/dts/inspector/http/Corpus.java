package dts.inspector.http;

import static dts.inspector.http.Row.bad;
import static dts.inspector.http.Row.incomplete;
import static dts.inspector.http.Row.ok;
import static dts.inspector.http.Row.unsupported;

import java.util.List;

/** Request heads, valid and not, with the expected outcome of each. */
final class Corpus {
    static final String CHROME = "GET /support/index.php?page=home&lang=en HTTP/1.1\r\n"
            + "Host: www.Example.com:8080\r\n"
            + "Connection: keep-alive\r\n"
            + "sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"\r\n"
            + "sec-ch-ua-mobile: ?0\r\n"
            + "sec-ch-ua-platform: \"Linux\"\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-User: ?1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Referer: http://www.example.com:8080/support/\r\n"
            + "Accept-Encoding: gzip, deflate\r\n"
            + "Accept-Language: en-US,en;q=0.9\r\n"
            + "Cookie: SESSION=4f3c2b1a; theme=dark\r\n"
            + "\r\n";

    private static final String H = "Host: a\r\n";

    private Corpus() {
    }

    static final List<Row> ROWS = List.of(
            ok("minimal 1.1", "GET / HTTP/1.1\r\n" + H + "\r\n", "GET", "/", true),
            ok("minimal 1.0", "GET / HTTP/1.0\r\n\r\n", "GET", "/", false),
            ok("1.0 keep-alive", "GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "GET", "/x", true),
            ok("1.0 keep-alive and close", "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", "GET", "/", false),
            ok("1.1 close", "GET / HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n", "GET", "/", false),
            ok("1.1 close in list", "GET / HTTP/1.1\r\n" + H + "Connection: Upgrade , CLOSE\r\n\r\n", "GET", "/", false),
            ok("bare LF", "GET /a HTTP/1.1\nHost: a\n\n", "GET", "/a", true),
            ok("mixed line ends", "GET /a HTTP/1.1\r\nHost: a\n\r\n", "GET", "/a", true),
            ok("leading empty lines", "\r\n\n\r\nGET / HTTP/1.1\r\n" + H + "\r\n", "GET", "/", true),
            ok("post with body", "POST /form HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhello", "POST", "/form", true),
            ok("chunked", "POST /up HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n", "POST", "/up", true),
            ok("gzip then chunked", "POST /up HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\nTransfer-Encoding: Chunked\r\n\r\n",
                    "POST", "/up", true),
            ok("same length twice", "PUT /p HTTP/1.1\r\n" + H + "Content-Length: 5\r\ncontent-length: 05\r\n\r\n", "PUT", "/p", true),
            ok("length list", "PUT /p HTTP/1.1\r\n" + H + "Content-Length: 7, 7\r\n\r\n", "PUT", "/p", true),
            ok("asterisk", "OPTIONS * HTTP/1.1\r\n" + H + "\r\n", "OPTIONS", "*", true),
            ok("absolute-form", "GET http://Example.com:8080/x/../y?q=1 HTTP/1.1\r\nHost: other\r\n\r\n", "GET", "/y", true),
            ok("absolute-form no path", "GET HTTP://example.com HTTP/1.1\r\n" + H + "\r\n", "GET", "/", true),
            ok("absolute-form query only", "HEAD https://example.com?x HTTP/1.1\r\n" + H + "\r\n", "HEAD", "/", true),
            ok("dot segments", "GET /a/./b/../c HTTP/1.1\r\n" + H + "\r\n", "GET", "/a/c", true),
            ok("encoded dot segments", "GET /%7Euser/%2e%2E/x HTTP/1.1\r\n" + H + "\r\n", "GET", "/x", true),
            ok("encoded slash kept", "GET /a%2fb/%c3%a9 HTTP/1.1\r\n" + H + "\r\n", "GET", "/a%2Fb/%C3%A9", true),
            ok("query not normalized", "GET /s?q=a%20b&x=/.. HTTP/1.1\r\n" + H + "\r\n", "GET", "/s", true),
            ok("above root", "GET /../../etc/passwd HTTP/1.1\r\n" + H + "\r\n", "GET", "/etc/passwd", true),
            ok("custom method", "PURGE /cache/x HTTP/1.1\r\n" + H + "\r\n", "PURGE", "/cache/x", true),
            ok("no space after colon", "GET / HTTP/1.1\r\nHost:a\r\n\r\n", "GET", "/", true),
            ok("obs-text and tabs in value", "GET / HTTP/1.1\r\n" + H + "X-Name:\tcaf\u00e9\t\r\n\r\n", "GET", "/", true),
            ok("ipv6 host", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "GET", "/", true),
            ok("empty host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", "GET", "/", true),
            ok("1.0 without host", "GET /old HTTP/1.0\r\nUser-Agent: x\r\n\r\n", "GET", "/old", false),
            ok("pipelined", "GET /1 HTTP/1.1\r\n" + H + "\r\nGET /2 HTTP/1.1\r\n" + H + "\r\n", "GET", "/1", true),
            ok("pipelined garbage", "GET /1 HTTP/1.1\r\n" + H + "\r\n\u0000\u0001 junk", "GET", "/1", true),
            ok("browser", CHROME, "GET", "/support/index.php", true),

            bad("bad method char", "GE(T / HTTP/1.1\r\n" + H + "\r\n", "request line: invalid method character"),
            bad("tab after method", "GET\t/ HTTP/1.1\r\n" + H + "\r\n", "request line: invalid method character"),
            bad("leading space", " GET / HTTP/1.1\r\n" + H + "\r\n", "request line: missing method"),
            bad("tls client hello", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
                    "request line: invalid method character"),
            bad("bare CR first", "\r\rGET / HTTP/1.1\r\n", "request line: invalid method character"),
            bad("method only", "GET\r\n\r\n", "request line: missing request target"),
            bad("http/0.9", "GET /\r\n\r\n", "request line: missing HTTP version"),
            bad("trailing space", "GET / HTTP/1.1 \r\n" + H + "\r\n", "request line: invalid HTTP version"),
            bad("double space", "GET  / HTTP/1.1\r\n" + H + "\r\n", "request line: missing request target"),
            bad("lower-case version", "GET / http/1.1\r\n" + H + "\r\n", "request line: invalid HTTP version"),
            bad("long version", "GET / HTTP/1.10\r\n" + H + "\r\n", "request line: invalid HTTP version"),
            bad("space in target", "GET /a b HTTP/1.1\r\n" + H + "\r\n", "request line: invalid HTTP version"),
            bad("fragment", "GET /a#frag HTTP/1.1\r\n" + H + "\r\n", "request target: invalid character"),
            bad("NUL in target", "GET /\u0000 HTTP/1.1\r\n" + H + "\r\n", "request target: invalid character"),
            bad("raw UTF-8 in target", "GET /caf\u00c3\u00a9 HTTP/1.1\r\n" + H + "\r\n", "request target: invalid character"),
            bad("bad percent", "GET /%zz HTTP/1.1\r\n" + H + "\r\n", "request target: invalid percent-encoding"),
            bad("short percent", "GET /%4 HTTP/1.1\r\n" + H + "\r\n", "request target: invalid percent-encoding"),
            bad("relative target", "GET a/b HTTP/1.1\r\n" + H + "\r\n",
                    "request target: not origin-form, absolute-form or asterisk"),
            bad("authority-form", "CONNECT example.com:443 HTTP/1.1\r\n" + H + "\r\n",
                    "request target: not origin-form, absolute-form or asterisk"),
            bad("other scheme", "GET ftp://x/ HTTP/1.1\r\n" + H + "\r\n", "request target: unsupported scheme"),
            bad("asterisk with GET", "GET * HTTP/1.1\r\n" + H + "\r\n", "request target: asterisk-form only with OPTIONS"),
            bad("userinfo", "GET http://user@host/ HTTP/1.1\r\n" + H + "\r\n", "request target: userinfo not allowed"),
            bad("empty authority", "GET http:///x HTTP/1.1\r\n" + H + "\r\n", "request target: invalid host"),
            bad("1.1 without host", "GET / HTTP/1.1\r\n\r\n", "missing Host header"),
            bad("two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", "Host: several headers"),
            bad("bad host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "Host: invalid value"),
            bad("bad port", "GET / HTTP/1.1\r\nHost: a:80x\r\n\r\n", "Host: invalid value"),
            bad("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", "header: whitespace before colon"),
            bad("no colon", "GET / HTTP/1.1\r\n" + H + "NoColon\r\n\r\n", "header: missing colon"),
            bad("empty name", "GET / HTTP/1.1\r\n" + H + ": v\r\n\r\n", "header: empty name"),
            bad("bad name", "GET / HTTP/1.1\r\n" + H + "Bad(Name): x\r\n\r\n", "header: invalid name character"),
            bad("obs-fold", "GET / HTTP/1.1\r\n" + H + "X: a\r\n b\r\n\r\n", "header: line starts with whitespace (obs-fold)"),
            bad("space before first header", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", "header: line starts with whitespace (obs-fold)"),
            bad("control char", "GET / HTTP/1.1\r\n" + H + "X: a\u0001b\r\n\r\n", "header: control character in value"),
            bad("bare CR in value", "GET / HTTP/1.1\r\n" + H + "X: a\rb\r\n\r\n", "header: control character in value"),
            bad("DEL in value", "GET / HTTP/1.1\r\n" + H + "X: a\u007f\r\n\r\n", "header: control character in value"),
            bad("bare CR line end", "GET / HTTP/1.1\r\n" + H + "X: a\r\r\n\r\n", "header: control character in value"),
            bad("CL and TE", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                    "Content-Length with Transfer-Encoding"),
            bad("TE and CL", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
                    "Content-Length with Transfer-Encoding"),
            bad("CL not a number", "POST / HTTP/1.1\r\n" + H + "Content-Length: abc\r\n\r\n", "Content-Length: invalid value"),
            bad("CL negative", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", "Content-Length: invalid value"),
            bad("CL plus", "POST / HTTP/1.1\r\n" + H + "Content-Length: +5\r\n\r\n", "Content-Length: invalid value"),
            bad("CL empty", "POST / HTTP/1.1\r\n" + H + "Content-Length:\r\n\r\n", "Content-Length: invalid value"),
            bad("CL overflow", "POST / HTTP/1.1\r\n" + H + "Content-Length: 9223372036854775808\r\n\r\n",
                    "Content-Length: invalid value"),
            bad("CL differing", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
                    "Content-Length: differing values"),
            bad("CL differing list", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5, 6\r\n\r\n", "Content-Length: invalid value"),
            bad("TE not chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\n\r\n",
                    "Transfer-Encoding: chunked must be the final coding, once"),
            bad("TE chunked first", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, gzip\r\n\r\n",
                    "Transfer-Encoding: chunked must be the final coding, once"),
            bad("TE chunked twice", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, chunked\r\n\r\n",
                    "Transfer-Encoding: chunked must be the final coding, once"),
            bad("TE empty", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding:\r\n\r\n",
                    "Transfer-Encoding: chunked must be the final coding, once"),
            bad("TE bad token", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: \"chunked\"\r\n\r\n",
                    "Transfer-Encoding: invalid coding"),
            bad("TE in 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                    "Transfer-Encoding: not allowed in HTTP/1.0"),

            unsupported("HTTP/2.0", "GET / HTTP/2.0\r\n" + H + "\r\n", "request line: HTTP/2.0 not supported"),
            unsupported("HTTP/1.2", "GET / HTTP/1.2\r\n" + H + "\r\n", "request line: HTTP/1.2 not supported"),
            unsupported("HTTP/0.9 spelled", "GET / HTTP/0.9\r\n\r\n", "request line: HTTP/0.9 not supported"),
            unsupported("h2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "request line: HTTP/2.0 not supported"),

            incomplete("nothing", ""),
            incomplete("empty lines only", "\r\n\r\n"),
            incomplete("partial request line", "GET /index.ht"),
            incomplete("partial version", "GET / HTT"),
            incomplete("no final empty line", "GET / HTTP/1.1\r\n" + H),
            incomplete("final CR only", "GET / HTTP/1.1\r\n" + H + "\r"),
            incomplete("partial header", "GET / HTTP/1.1\r\nHost: exa"));
}
