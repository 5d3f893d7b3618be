package dts.inspector.bench;

import dts.inspector.http.HeadParser;
import dts.inspector.http.RequestHead;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parse time of request heads as the inspector sees them: a browser navigation (Chrome 124, 16 headers,
 * 775 bytes), a curl request (3 headers), and the browser head arriving in two reads (parse twice).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeadParserBench {
    static final byte[] BROWSER = ("GET /support/index.php?page=home&lang=en HTTP/1.1\r\n"
            + "Host: www.example.com:8080\r\n"
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
            + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] CURL = ("GET /files/dir00042/class3_7 HTTP/1.1\r\nHost: 198.18.0.100\r\n"
            + "User-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    private final HeadParser parser = HeadParser.create(8192);

    @Benchmark
    public RequestHead browser() {
        return parser.parse(BROWSER, 0, BROWSER.length).head();
    }

    @Benchmark
    public RequestHead curl() {
        return parser.parse(CURL, 0, CURL.length).head();
    }

    @Benchmark
    public RequestHead browserInTwoReads() {
        parser.parse(BROWSER, 0, BROWSER.length / 2);
        return parser.parse(BROWSER, 0, BROWSER.length).head();
    }

    /** Prints the sizes the figures refer to. */
    public static void main(String[] args) {
        System.out.println("browser head bytes: " + BROWSER.length + ", curl head bytes: " + CURL.length);
    }
}
