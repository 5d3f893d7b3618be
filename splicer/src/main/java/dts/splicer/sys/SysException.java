package dts.splicer.sys;

/** The one exception type of the splicer module: a failed system call or kernel feature check. */
public final class SysException extends RuntimeException {
    private final int errno;

    public SysException(String message) { this(message, 0); }

    public SysException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public SysException(String message, Throwable cause) {
        super(message + ": " + cause, cause);
        this.errno = 0;
    }

    /** The errno of the failed call, or 0 when the failure was not a system call's. */
    public int errno() { return errno; }
}
