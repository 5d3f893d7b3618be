package dts.node.admin;

import dts.node.NodeStats;
import dts.node.ResponseClasses;

/**
 * The metrics of the requests this node answers, read at scrape time from the {@link NodeStats}
 * behind {@code /status} ({@code responses_by_class}, {@code requests_by_pool},
 * {@code rehandoffs_by_reason}): {@code dts_http_responses_total{code}} (HAProxy's
 * {@code http_responses_total{code}}), {@code dts_requests_total{pool}} (HAProxy's backend
 * {@code http_requests_total}, a pool being DTS's backend), {@code dts_rehandoffs_total{reason}}.
 */
public final class ServingMetrics {
    private ServingMetrics() {}

    public static NodeMetrics register(NodeMetrics m, NodeStats stats) {
        return m.counter("dts_http_responses", "HTTP responses this node wrote, by status class (1xx..5xx, other)",
                        new String[] {"code"}, cb -> {
                            for (String c : ResponseClasses.NAMES) cb.call(stats.responses.of(c), c);
                        })
                .counter("dts_requests", "Requests this node answered, by the pool of the rule that placed them (_none: no rule)",
                        new String[] {"pool"}, cb -> stats.requestsByPool.snapshot().forEach((p, n) -> cb.call(n, p)))
                .counter("dts_rehandoffs", "Keep-alive connections moved again for a later request, by reason (pool, placement)",
                        new String[] {"reason"}, cb -> {
                            cb.call(stats.rehandoffsForPool.sum(), "pool");
                            cb.call(stats.rehandoffsForPlacement.sum(), "placement");
                        });
    }
}
