package io.jvs.server.admin;

/** One extra path of the admin endpoint ({@code /metrics}, {@code /api/adm}), added by other packages. */
@FunctionalInterface
public interface AdminRoute {

    /** An answer: HTTP status, content type and text. */
    record Reply(int status, String contentType, String body) {

        /**
         * A 200 answer in plain text.
         *
         * @param body the text
         * @return the reply
         */
        public static Reply text(String body) {
            return new Reply(200, AdminServer.TEXT, body);
        }
    }

    /**
     * Handles one request; an {@link AdminException} becomes its status and message.
     *
     * @param method the HTTP method
     * @param body the request body (UTF-8), empty for none
     * @return the reply
     * @throws Exception any other failure (answered 500)
     */
    Reply handle(String method, String body) throws Exception;
}
