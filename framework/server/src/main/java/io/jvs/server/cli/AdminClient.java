package io.jvs.server.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The client side of the admin endpoint for {@code jvs adm}, {@code jvs proc}, {@code jvs reload}
 * and {@code jvs plugins}: where the endpoint is ({@code --admin}, else {@code $JVS_ADMIN}, else
 * {@code http://127.0.0.1:9180}) and the token writes carry ({@code --token}, else {@code $JVS_TOKEN}).
 */
final class AdminClient {

    /** The endpoint when neither {@code --admin} nor {@code $JVS_ADMIN} names one. */
    static final String DEFAULT_URL = "http://127.0.0.1:9180";

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: HTTP status and body. */
    record Answer(int status, String body) {
    }

    /**
     * Creates a client.
     *
     * @param url the endpoint from the command line, or {@code null}
     * @param token the token from the command line, or {@code null}
     */
    AdminClient(String url, String token) {
        String u = url != null ? url : System.getenv("JVS_ADMIN");
        this.base = stripSlash(u == null || u.isBlank() ? DEFAULT_URL : u);
        String t = token != null ? token : System.getenv("JVS_TOKEN");
        this.token = t == null || t.isBlank() ? null : t;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Sends one request.
     *
     * @param method GET, PUT or POST
     * @param path the path, e.g. {@code /proc/net/ip_vs}
     * @param body the body, or {@code null}
     * @param contentType the body's type
     * @return the answer
     * @throws IOException when the endpoint cannot be reached
     */
    Answer send(String method, String path, String body, String contentType) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the jvs admin endpoint at " + base
                    + " (is 'jvs run' running? set --admin or JVS_ADMIN)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
