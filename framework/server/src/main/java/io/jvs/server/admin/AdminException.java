package io.jvs.server.admin;

/** A request the admin endpoint refuses, with the HTTP status to answer. */
public final class AdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the refusal.
     *
     * @param status the HTTP status (400, 404, ...)
     * @param message the one-line text of the answer
     */
    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Returns the HTTP status. @return the status */
    public int status() {
        return status;
    }
}
