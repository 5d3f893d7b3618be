package dts.harness.report;

import dts.harness.result.RunResult;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's HTML: a summary table and the chart images. */
final class HtmlPage {
    private HtmlPage() {}

    static String render(List<RunResult> runs, Map<String, String> charts) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<title>DTS SPECweb Support report</title>\n<style>\n")
          .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
          .append("table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}\n")
          .append("th{background:#eee}td:first-child{text-align:left}\n")
          .append("figure{margin:1.5em 0}img{border:1px solid #ddd}\n</style>\n</head>\n<body>\n")
          .append("<h1>DTS &mdash; SPECweb2005 Support comparison</h1>\n<table id=\"summary\">\n<tr>")
          .append("<th>system</th><th>sessions</th><th>requests</th><th>downloads</th><th>QoS-failed downloads</th>")
          .append("<th>pages good %</th><th>throughput Mbit/s</th><th>p50 ms</th><th>p99 ms</th>")
          .append("<th>disk reads MiB</th><th>errors</th></tr>\n");
        for (RunResult r : runs) row(sb, r);
        sb.append("</table>\n");
        for (Map.Entry<String, String> c : charts.entrySet()) {
            sb.append("<figure><img src=\"").append(c.getKey()).append("\" alt=\"").append(escape(c.getValue()))
              .append("\" width=\"900\" height=\"500\"><figcaption>").append(escape(c.getValue()))
              .append("</figcaption></figure>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static void row(StringBuilder sb, RunResult r) {
        double failedPct = r.downloads() == 0 ? 0 : 100.0 * r.downloadsQosFailed() / r.downloads();
        sb.append("<tr><td>").append(escape(r.system())).append("</td>")
          .append(cell(Integer.toString(r.sessions()))).append(cell(Long.toString(r.requests())))
          .append(cell(Long.toString(r.downloads())))
          .append(cell(r.downloadsQosFailed() + String.format(Locale.ROOT, " (%.1f%%)", failedPct)))
          .append(cell(String.format(Locale.ROOT, "%.2f", r.pagesQosGoodPct())))
          .append(cell(String.format(Locale.ROOT, "%.1f", r.throughputMbps())))
          .append(cell(String.format(Locale.ROOT, "%.1f", r.latencyMs().p50())))
          .append(cell(String.format(Locale.ROOT, "%.1f", r.latencyMs().p99())))
          .append(cell(String.format(Locale.ROOT, "%.1f", r.totalDiskReadBytes() / 1048576.0)))
          .append(cell(Long.toString(r.errors()))).append("</tr>\n");
    }

    private static String cell(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
