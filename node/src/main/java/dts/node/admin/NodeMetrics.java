package dts.node.admin;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The node's Prometheus metrics, served at {@code GET /metrics} of the admin endpoint in the text
 * exposition format. Counters and gauges are read at scrape time from the same counters as
 * {@code /status}, so the two always agree; names follow HAProxy's exporter where one exists
 * ({@code dts_frontend_current_sessions}, {@code dts_frontend_connections_total}, …). JVM metrics
 * come from the client's JVM instrumentation. One per node; thread-safe.
 */
public final class NodeMetrics {
    /** Hand-off duration buckets, seconds: from the kernel floor (~25 µs) to a second. */
    private static final double[] HANDOFF_BUCKETS_SECONDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram handoffSeconds;

    private NodeMetrics() {
        handoffSeconds = Histogram.builder().name("dts_handoff_duration_seconds")
                .help("Hand-off decision until the target reports the socket live").classicOnly()
                .classicUpperBounds(HANDOFF_BUCKETS_SECONDS).register(registry);
        JvmMetrics.builder().register(registry);
    }

    public static NodeMetrics create() { return new NodeMetrics(); }

    /** Records one hand-off's duration (decision → LIVE). */
    public void observeHandoffMicros(long micros) { handoffSeconds.observe(micros / 1e6); }

    /** A counter read at scrape time; {@code labels} name the label values of each reading. */
    public NodeMetrics counter(String name, String help, String[] labelNames, Consumer<CounterWithCallback.Callback> read) {
        CounterWithCallback.builder().name(name).help(help).labelNames(labelNames).callback(read).register(registry);
        return this;
    }

    public NodeMetrics counter(String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
        return this;
    }

    public NodeMetrics gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
        return this;
    }

    public NodeMetrics gauge(String name, String help, String[] labelNames, Consumer<GaugeWithCallback.Callback> read) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labelNames).callback(read).register(registry);
        return this;
    }

    /** The text exposition of every metric now. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String contentType() { return PrometheusTextFormatWriter.CONTENT_TYPE; }
}
