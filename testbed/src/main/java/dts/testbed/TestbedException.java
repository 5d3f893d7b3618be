package dts.testbed;

/** A testbed could not be built, started or torn down; the message says what and why. */
public final class TestbedException extends RuntimeException {
    public TestbedException(String message) { super(message); }

    public TestbedException(String message, Throwable cause) { super(message, cause); }
}
