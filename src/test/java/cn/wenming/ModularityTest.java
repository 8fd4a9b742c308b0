package cn.wenming;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features talk to each other only through their public API (Spring Modulith rules). */
class ModularityTest {

    @Test
    void moduleBoundariesHold() {
        ApplicationModules.of(WenmingApplication.class).verify();
    }
}
