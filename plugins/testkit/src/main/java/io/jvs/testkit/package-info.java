/**
 * Fakes of the scheduler SPI's views for unit tests of schedulers: {@link io.jvs.testkit.FakeService},
 * {@link io.jvs.testkit.FakeDestination}, {@link io.jvs.testkit.FakePacket},
 * {@link io.jvs.testkit.FakeSchedulerContext}. They are plain, mutable and single-threaded; the test
 * calls the scheduler's hooks itself, in the order it wants to test.
 */
package io.jvs.testkit;
