package cn.wenming.core;

import java.nio.file.Path;

/** Thrown by {@link ConfiguredPaths}: a path the operator set does not exist. */
public class ConfiguredPathMissing extends RuntimeException {

    ConfiguredPathMissing(String property, Path path) {
        super(property + " is " + path + ", which does not exist");
    }
}
