package dts.harness.result;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;

/** Percentiles and CDF points from a histogram of microseconds. */
final class Latencies {
    private Latencies() {}

    static LatencyMs summary(Histogram micros) {
        if (micros.getTotalCount() == 0) return new LatencyMs(0, 0, 0, 0);
        return new LatencyMs(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    /** CDF points at logarithmically spaced percentiles (about 60 points), ending at 1.0. */
    static List<CdfPoint> cdf(Histogram micros) {
        List<CdfPoint> points = new ArrayList<>();
        if (micros.getTotalCount() == 0) return points;
        for (HistogramIterationValue v : micros.percentiles(5)) {
            double ms = ms(micros.highestEquivalentValue(v.getValueIteratedTo()));
            double fraction = Math.min(1.0, v.getPercentileLevelIteratedTo() / 100.0);
            if (!points.isEmpty() && points.getLast().ms() == ms) points.removeLast();
            points.add(new CdfPoint(ms, round(fraction, 6)));
        }
        return points;
    }

    private static double ms(long micros) {
        return round(micros / 1000.0, 3);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
