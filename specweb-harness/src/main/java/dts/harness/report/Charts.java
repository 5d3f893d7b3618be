package dts.harness.report;

import dts.harness.result.CdfPoint;
import dts.harness.result.RunResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.TreeSet;

/** The four report charts, built from results only. */
final class Charts {
    private static final double MIB = 1024.0 * 1024.0;
    /** Distinguishable on white (the "tab10" colours). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {}

    static JFreeChart qosFailedDownloads(List<RunResult> runs) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (RunResult r : runs) data.addValue(r.downloadsQosFailed(), "QoS-failed downloads", r.system());
        return styled(ChartFactory.createBarChart("Downloads below 99,000 B/s", "system", "downloads",
                data, PlotOrientation.VERTICAL, false, false, false));
    }

    static JFreeChart diskReadsPerNode(List<RunResult> runs) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        TreeSet<String> nodes = new TreeSet<>();
        for (RunResult r : runs) nodes.addAll(r.diskReadBytes().keySet());
        for (RunResult r : runs) {
            for (String node : nodes) data.addValue(r.diskReadBytes().getOrDefault(node, 0L) / MIB, node, r.system());
        }
        return styled(ChartFactory.createBarChart("Disk reads per node", "system", "MiB read",
                data, PlotOrientation.VERTICAL, true, false, false));
    }

    static JFreeChart throughputOverTime(List<RunResult> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunResult r : runs) {
            XYSeries s = new XYSeries(r.system());
            List<Double> mbps = r.throughputSeriesMbps();
            for (int i = 0; i < mbps.size(); i++) s.add(i + 1, mbps.get(i));
            data.addSeries(s);
        }
        return styled(ChartFactory.createXYLineChart("Throughput over time", "seconds", "Mbit/s",
                data, PlotOrientation.VERTICAL, true, false, false));
    }

    static JFreeChart latencyCdf(List<RunResult> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunResult r : runs) {
            XYSeries s = new XYSeries(r.system());
            for (CdfPoint p : r.latencyCdf()) s.add(Math.max(0.001, p.ms()), p.fraction());
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Page response time CDF", "ms (log)", "fraction of pages",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (data.getItemCount(0) > 0 || data.getSeriesCount() > 1) {
            LogarithmicAxis x = new LogarithmicAxis("ms (log)");
            x.setStrictValuesFlag(false);
            plot.setDomainAxis(x);
        }
        plot.getRangeAxis().setRange(0, 1.0);
        return styled(chart);
    }

    private static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xF4F4F4));
        if (chart.getPlot() instanceof XYPlot xy) {
            for (int i = 0; i < xy.getSeriesCount(); i++) {
                xy.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                xy.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
            }
        } else if (chart.getPlot() instanceof CategoryPlot cat) {
            BarRenderer r = (BarRenderer) cat.getRenderer();
            r.setBarPainter(new StandardBarPainter());
            r.setShadowVisible(false);
            for (int i = 0; i < cat.getDataset().getRowCount(); i++) r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        return chart;
    }
}
