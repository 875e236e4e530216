package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a script's {@code -- #include} lines are expanded before it is hashed and sent. */
class LuaScriptTest {

  @Test
  void bothRateScriptsCarryTheSharedLevelCodeAndNoIncludeLine() {
    for (LuaScript script : new LuaScript[] {LuaScript.RATE_LIMIT, LuaScript.HIERARCHY}) {
      String text = new String(script.source(), StandardCharsets.UTF_8);
      assertThat(text).as(script.toString())
          .doesNotContain(LuaScript.INCLUDE)
          .contains("local function level(key, stored, first, n)")
          .containsOnlyOnce("local function fdiv(a, b)");
    }
  }

  @Test
  void anIncludeLineIsReplacedByTheResourceAndOtherLinesAreKept() {
    String expanded = LuaScript.withIncludes("local a = 1\n-- #include level.lua\nreturn a", "x.lua");
    assertThat(expanded).startsWith("local a = 1\n-- Bulwark: the per-key decision code").endsWith("\nreturn a");
    assertThat(LuaScript.withIncludes("-- # include is not an include\n", "x.lua"))
        .isEqualTo("-- # include is not an include\n");
  }

  @Test
  void aMissingOrEmptyIncludeFailsClearly() {
    assertThatThrownBy(() -> LuaScript.withIncludes("-- #include nope.lua\n", "x.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing resource nope.lua");
    assertThatThrownBy(() -> LuaScript.withIncludes("-- #include \n", "x.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bad include line");
    assertThatThrownBy(() -> LuaScript.withIncludes("-- #include x.lua\n", "x.lua"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bad include line");
  }
}
