package dts.splicer.nft;

/**
 * Counters of {@link FlowTable#forget}: flows removed from {@code @mine} (including flows whose entry
 * had already timed out), flows whose removal failed, and the nft transactions used for them.
 */
public record ForgetStats(long applied, long failed, long transactions) {
    @Override public String toString() {
        return "forget: " + applied + " applied, " + failed + " failed, " + transactions + " transactions";
    }
}
