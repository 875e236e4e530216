package dev.bulwark.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import org.junit.jupiter.api.Test;

/**
 * This module's tests run on the module path (surefire useModulePath, see pom.xml): patched into
 * dev.bulwark.netty, with http-edge and the primitives as named modules. If someone turns that off,
 * this test says so instead of the suite silently falling back to the class path.
 */
class ModulePathTest {

  @Test
  void theTestsRunInsideTheNamedModuleWithHttpEdgeAsANamedModule() {
    assertThat(getClass().getModule().getName()).isEqualTo("dev.bulwark.netty");
    assertThat(BulwarkHandler.class.getModule()).isSameAs(getClass().getModule());
    assertThat(Edge.class.getModule().getName()).isEqualTo("dev.bulwark.http");
    assertThat(BulwarkHandler.class.getModule().getDescriptor().isAutomatic()).isFalse();
  }
}
