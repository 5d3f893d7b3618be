package dts.harness.qos;

/** SPECweb QoS grade of one request. */
public enum Grade { GOOD, TOLERABLE, FAILED }
