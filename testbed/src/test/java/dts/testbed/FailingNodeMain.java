package dts.testbed;

/** A daemon that dies at start: the testbed must say so, with the tail of its log. */
public final class FailingNodeMain {
    public static void main(String[] args) {
        System.err.println("boom: cannot start " + args[3]);
        System.exit(3);
    }
}
