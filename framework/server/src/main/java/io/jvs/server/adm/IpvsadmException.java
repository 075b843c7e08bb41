package io.jvs.server.adm;

/**
 * A refused ipvsadm command, with ipvsadm's exit code: 2 for a bad command line, 1 for an operation
 * the kernel (here: the engine) refuses. Nothing was changed.
 */
public final class IpvsadmException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * Creates the refusal.
     *
     * @param exitCode 1 or 2
     * @param message ipvsadm's message ({@code "Service already exists"}, ...)
     */
    public IpvsadmException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Returns the exit code. @return 1 or 2 */
    public int exitCode() {
        return exitCode;
    }

    /**
     * A command-line error (exit code 2).
     *
     * @param message the message
     * @return the exception
     */
    static IpvsadmException usage(String message) {
        return new IpvsadmException(2, message);
    }

    /**
     * An operation error (exit code 1).
     *
     * @param message the message
     * @return the exception
     */
    static IpvsadmException refused(String message) {
        return new IpvsadmException(1, message);
    }
}
