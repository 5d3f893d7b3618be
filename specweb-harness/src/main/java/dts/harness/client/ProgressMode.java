package dts.harness.client;

/** When the load client draws its progress line on stderr. */
public enum ProgressMode {
    /** Only when stderr is a terminal. */
    AUTO,
    /** Always (one line per second when stderr is not a terminal). */
    ALWAYS,
    NEVER
}
