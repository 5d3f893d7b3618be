package dts.harness.report;

import dts.harness.HarnessException;
import dts.harness.result.RunResult;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@code report.html} and its PNG charts (JFreeChart, headless AWT) into a directory. */
public final class Report {
    /** Chart file → caption, in page order. */
    static final Map<String, String> CHARTS = charts();
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Report() {}

    /** Renders the report for {@code runs}; returns the path of {@code report.html}. */
    public static Path write(Path outDir, List<RunResult> runs) {
        if (runs.isEmpty()) throw new HarnessException("runs: empty (expected: at least one result)");
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(outDir);
            png(outDir, "qos_failed_downloads.png", Charts.qosFailedDownloads(runs));
            png(outDir, "disk_reads_per_node.png", Charts.diskReadsPerNode(runs));
            png(outDir, "throughput_over_time.png", Charts.throughputOverTime(runs));
            png(outDir, "latency_cdf.png", Charts.latencyCdf(runs));
            Path html = outDir.resolve("report.html");
            Files.writeString(html, HtmlPage.render(runs, CHARTS));
            return html;
        } catch (IOException e) {
            throw new HarnessException("report " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static void png(Path dir, String name, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, WIDTH, HEIGHT);
    }

    private static Map<String, String> charts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("qos_failed_downloads.png", "QoS-failed downloads per system (below 99,000 B/s)");
        m.put("disk_reads_per_node.png", "Disk reads per node per system");
        m.put("throughput_over_time.png", "Throughput over time (1 s buckets)");
        m.put("latency_cdf.png", "Page response time CDF");
        return m;
    }
}
