/**
 * The Linux IPVS schedulers as a jvs plugin (plugin id {@code jvs-ipvs-schedulers}): one scheduler
 * class and one {@code @Extension} factory per algorithm, each named after its IPVS module.
 */
package io.jvs.plugins.ipvs;
