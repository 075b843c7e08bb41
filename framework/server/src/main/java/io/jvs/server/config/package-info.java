/**
 * The YAML configuration: a located YAML tree ({@link io.jvs.server.config.YamlTreeReader}), checked as
 * a whole into an immutable {@link io.jvs.server.config.JvsConfig} whose sections keep their keys,
 * defaults and limits as named constants, and which maps to the engine's settings and service specs.
 * Every problem names file, line, column and key path ({@link io.jvs.server.config.ConfigProblem}).
 */
package io.jvs.server.config;
