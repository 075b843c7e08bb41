package io.jvs.dpdk;

/**
 * A DPDK library or call failed: libraries missing or of another ABI, EAL initialisation, port or
 * mempool setup. The message names the call and DPDK's error text. Never thrown by the burst paths.
 */
public final class DpdkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and why
     */
    public DpdkException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed and why
     * @param cause the underlying failure
     */
    public DpdkException(String message, Throwable cause) {
        super(message, cause);
    }
}
