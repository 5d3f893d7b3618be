package dts.cli.preflight;

/** One line of {@code dts preflight}: what was checked, and what was found or what to do about it. */
record Check(String name, boolean ok, String detail) {
    /** A probe that fails by throwing; its message becomes the line. */
    @FunctionalInterface
    interface Probe {
        String run() throws Exception;
    }

    static Check ok(String name, String found) {
        return new Check(name, true, found);
    }

    static Check missing(String name, String whatToDo) {
        return new Check(name, false, whatToDo);
    }

    /** Runs {@code probe}: ok with what it returns, MISSING with the message it throws (plus {@code hint}). */
    static Check of(String name, String hint, Probe probe) {
        try {
            return ok(name, probe.run());
        } catch (Exception | LinkageError e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return missing(name, hint.isEmpty() ? m : m + " (" + hint + ")");
        }
    }

    /** {@code ok      name: detail} or {@code MISSING name: detail}. */
    String line() {
        return String.format("%-7s %s: %s", ok ? "ok" : "MISSING", name, detail);
    }
}
