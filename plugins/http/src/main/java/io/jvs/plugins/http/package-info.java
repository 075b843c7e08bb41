/**
 * The HTTP-method classifier scheduler {@code http-method}: it reads the HTTP/1.x request line from
 * a connection's first payload bytes with a bounded hand-written scanner, matches ordered rules (the
 * method against a configured set, the request-target against user regexes under a step budget), and
 * hands the connection to the inner scheduler of the rule's pool, a named subset of the service's
 * destinations. See {@link io.jvs.plugins.http.HttpMethodScheduler}.
 */
package io.jvs.plugins.http;
