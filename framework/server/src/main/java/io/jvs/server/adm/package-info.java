/**
 * {@code jvs adm}: ipvsadm's command line and output formats over the admin endpoint. The parsing
 * ({@link io.jvs.server.adm.IpvsadmArguments}), the execution against the engine's one apply path
 * ({@link io.jvs.server.adm.IpvsadmExecutor}) and the listings ({@link io.jvs.server.adm.IpvsadmListing})
 * run in the server; the command only ships the arguments and prints the answer.
 */
package io.jvs.server.adm;
