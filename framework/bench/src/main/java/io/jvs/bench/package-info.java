/** JMH benchmarks of jvs: packet path, connection table, schedulers. */
package io.jvs.bench;
