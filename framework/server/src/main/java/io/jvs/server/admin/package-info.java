/**
 * The admin endpoint: an HTTP server on loopback that shows the engine as Linux shows IPVS
 * ({@code /proc/net/ip_vs*}, {@code /proc/sys/net/ipv4/vs/*}, byte for byte), jvs's own files
 * ({@code /proc/jvs/...}), a JSON mirror ({@code /api/...}) and Prometheus metrics ({@code /metrics}).
 */
package io.jvs.server.admin;
