package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePatternTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    // exact
    "/api/search, /api/search, true",
    "/api/search, /api/search/, true",
    "/api/search, /api/./search, true",
    "/api/search, /api/searchx, false",
    "/api/search, /api/searc, false",
    "/api/search, /api, false",
    "/api/search, /api/search/more, false",
    "/api/search, /API/search, false",
    "/, /, true",
    "/, /., true",
    "/, /a, false",
    // {name} and *: exactly one non-empty segment
    "/api/users/{id}, /api/users/42, true",
    "/api/users/{id}, /api/users/, false",
    "/api/users/{id}, /api/users, false",
    "/api/users/{id}, /api/users/42/posts, false",
    "/api/users/{id}/posts, /api/users/42/posts, true",
    "/files/*, /files/a.txt, true",
    "/files/*, /files, false",
    "/*/b, /a/b, true",
    "/*/b, /a/c, false",
    // trailing /**
    "/static/**, /static, true",
    "/static/**, /static/, true",
    "/static/**, /static/a/b/c, true",
    "/static/**, /staticx, false",
    "/static/**, /other/static, false",
    "/**, /, true",
    "/**, /anything/at/all, true",
    "/**, *, true",
    "/api/*/**, /api, false",
    "/api/*/**, /api/v1, true",
    "/api/*/**, /api/v1/x/y, true",
    // a target that is not a path matches only /**
    "/a, *, false",
  })
  void matches(String pattern, String path, boolean expected) {
    assertThat(RoutePattern.parse(pattern).matches(MatchPath.of(path))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
    "''                | route pattern \"\" must start with '/'",
    "api/search        | route pattern \"api/search\" must start with '/'",
    "/api/             | route pattern \"/api/\" must not end with '/'",
    "/api//search      | route pattern \"/api//search\" has an empty segment",
    "/**/x             | route pattern \"/**/x\" '**' may only be the last segment",
    "/a/**/**          | route pattern \"/a/**/**\" '**' may only be the last segment",
    "/a/./b            | route pattern \"/a/./b\" has a dot segment '.'",
    "/a/..             | route pattern \"/a/..\" has a dot segment '..'",
    "/users/{id        | route pattern \"/users/{id\" has a malformed variable segment '{id'",
    "/users/{}         | route pattern \"/users/{}\" has a malformed variable segment '{}'",
    "/users/{1d}       | route pattern \"/users/{1d}\" has a variable name that is not [A-Za-z_][A-Za-z0-9_]*: '1d'",
    "/u/{id}/p/{id}    | route pattern \"/u/{id}/p/{id}\" names the variable 'id' twice",
    "/a*b              | route pattern \"/a*b\" has a character not allowed in a literal segment: 'a*b'",
    "/a%20b            | route pattern \"/a%20b\" has a character not allowed in a literal segment: 'a%20b'",
    "/a;b              | route pattern \"/a;b\" has a character not allowed in a literal segment: 'a;b'",
    "/a b              | route pattern \"/a b\" has a character not allowed in a literal segment: 'a b'",
    "/a?b              | route pattern \"/a?b\" has a character not allowed in a literal segment: 'a?b'",
    "/x{id}            | route pattern \"/x{id}\" has a character not allowed in a literal segment: 'x{id}'",
  })
  void rejectsMalformedPatterns(String pattern, String message) {
    assertThatThrownBy(() -> RoutePattern.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /**
   * A pattern of literal segments matches exactly the paths whose non-empty segments are its
   * segments (the pattern itself taking the shortcut), on random patterns and paths.
   */
  @Test
  void aLiteralPatternMatchesThePathsOfItsSegmentsOnly() {
    String[] words = {"a", "b", "api", "hello", "A"};
    SplittableRandom random = new SplittableRandom(24);
    for (int n = 0; n < 20_000; n++) {
      List<String> segments = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        segments.add(words[random.nextInt(words.length)]);
      }
      String pattern = "/" + String.join("/", segments);
      StringBuilder path = new StringBuilder();
      List<String> pathSegments = new ArrayList<>();
      int pathCount = random.nextInt(4);
      for (int i = 0; i < pathCount; i++) {
        path.append(random.nextInt(4) == 0 ? "//" : "/");
        String w = words[random.nextInt(words.length)];
        path.append(w);
        pathSegments.add(w);
      }
      if (pathCount == 0 || random.nextInt(4) == 0) {
        path.append('/');
      }
      if (random.nextBoolean()) {
        path = new StringBuilder(pattern); // the exact form, as a new string
        pathSegments = segments;
      }
      assertThat(RoutePattern.parse(pattern).matches(path.toString()))
          .as("%s vs %s", pattern, path)
          .isEqualTo(pathSegments.equals(segments));
    }
  }
}
