package io.jvs.server.cli;

import picocli.CommandLine.Option;

/**
 * The options that name a running jvs's admin endpoint, {@code --admin URL} and {@code --token TOKEN},
 * mixed into the commands that talk to it ({@code adm}, {@code proc}, {@code reload}).
 */
final class AdminEndpointOptions {

    @Option(names = "--admin", paramLabel = "URL", description = "The admin endpoint (default: $JVS_ADMIN, else "
            + AdminClient.DEFAULT_URL + ").")
    private String admin;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The admin token (default: $JVS_TOKEN).")
    private String token;

    /** Creates the options (picocli fills them in). */
    AdminEndpointOptions() {
    }

    /** {@return a client of the endpoint the options name, with the token they give} */
    AdminClient client() {
        return new AdminClient(admin, token);
    }
}
