/** Java pieces of the proxy's end-to-end benchmark: designs measured against the proxy data plane. */
package io.jvs.bench.proxy;
