package dts.inspector.http;

/**
 * The one exception type of the inspector module, for programming errors only (bad arguments);
 * {@link HeadParser#parse} reports every problem of the bytes it reads as an outcome, never by throwing.
 */
public final class InspectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InspectorException(String message) {
        super(message);
    }
}
