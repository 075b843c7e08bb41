/**
 * Hot reload of the configuration file: validate the whole file, diff it against the running
 * services, and apply services and sysctls atomically through the engine's one apply path; a file
 * watcher and {@code POST /api/reload} trigger it.
 */
package io.jvs.server.reload;
