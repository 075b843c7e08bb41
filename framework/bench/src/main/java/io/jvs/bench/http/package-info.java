/**
 * JMH benchmark of the {@code http-method} classifier of {@code plugins/http}: the cost and
 * allocation of classifying a new connection by its request line. Figures and the command are in
 * {@code docs/performance.md}, section "HTTP classifier".
 */
package io.jvs.bench.http;
