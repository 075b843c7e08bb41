package io.jvs.testplugins;

/** A class listed in an extension index although it implements no jvs extension point. */
public final class NotAnExtension {
}
