/**
 * Extension classes that the plugin-host tests pack into jars of their own (outside
 * {@code io.jvs.server}, which a plugin jar may not contain): well-behaved ones, and ones that fail
 * in each way a plugin can fail.
 */
package io.jvs.testplugins;
