/**
 * An example scheduler plugin (plugin id {@code jvs-example-scheduler}) for people learning the jvs
 * scheduler SPI: the first-available scheduler {@code fa}, one factory and one scheduler class. See
 * {@code docs/writing-a-scheduler.md}.
 */
package io.jvs.examples.scheduler;
