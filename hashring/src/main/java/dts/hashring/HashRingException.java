package dts.hashring;

/** The one exception type of {@code dts.hashring}: invalid arguments (bucket counts, node ids, attempts). */
public final class HashRingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HashRingException(String message) {
        super(message);
    }
}
