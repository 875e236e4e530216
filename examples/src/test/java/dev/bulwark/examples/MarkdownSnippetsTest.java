package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compiles every {@code ```java} block of README.md and docs/*.md against this module's test class
 * path (which holds every Bulwark module), so that the documentation cannot rot.
 *
 * <p>The convention (also stated in README.md, "Code in this documentation"): a snippet is either a
 * compilation unit (optional {@code package}, imports, then a top-level type declaration) or imports
 * followed by statements. Statements are wrapped into {@code class Snippet { void run() { ... } }}
 * without a {@code throws} clause, so a snippet must handle checked exceptions as a user pasting it
 * would. Each snippet is compiled in a package of its own, so it sees only Bulwark's public API. A
 * block that is not meant to compile (YAML, XML, shell, output) must not be fenced as {@code java}.
 */
class MarkdownSnippetsTest {

  private static final Pattern JAVA_FENCE = Pattern.compile("(?m)^[ \\t]*```[ \\t]*java\\b");
  private static final Pattern TYPE_DECLARATION = Pattern.compile(
      "^(@\\w+(\\([^)]*\\))?\\s+)*((public|protected|private|abstract|static|final|sealed|non-sealed|strictfp)\\s+)*"
          + "(class|interface|enum|record|@interface)\\s+(\\w+).*");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile("(?m)^public\\s+(?:(?:abstract|final|sealed|non-sealed|strictfp)\\s+)*"
          + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");

  /** One {@code ```java} block: the file it is in (relative to the repository root) and its text. */
  record Snippet(String file, int index, int fenceLine, List<String> lines) {

    /** The line of the Markdown file that holds line {@code snippetLine} (1-based) of the snippet. */
    long markdownLine(long snippetLine) {
      return fenceLine + snippetLine;
    }

    String where() {
      return file + ":" + fenceLine + " (java snippet " + index + ")";
    }

    String packageName() {
      return "snippets." + file.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + ".s" + index;
    }

    boolean isCompilationUnit() {
      for (String line : lines) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("//") || t.startsWith("import ")) {
          continue;
        }
        return t.startsWith("package ") || TYPE_DECLARATION.matcher(t).matches();
      }
      return false;
    }

    /**
     * The source to compile, line for line the snippet: the package goes in front of its first line,
     * the wrapper of a statement snippet in front of its first statement and after its last line.
     */
    String source() {
      List<String> out = new ArrayList<>(lines);
      boolean declaresPackage = lines.stream().anyMatch(l -> l.strip().startsWith("package "));
      if (!isCompilationUnit()) {
        for (int i = 0; i < out.size(); i++) {
          String t = out.get(i).strip();
          if (!(t.isEmpty() || t.startsWith("//") || t.startsWith("import "))) {
            out.set(i, "class Snippet { void run() { " + out.get(i));
            break;
          }
        }
        out.add("}}");
      }
      if (!declaresPackage && !out.isEmpty()) {
        out.set(0, "package " + packageName() + "; " + out.get(0));
      }
      return String.join("\n", out) + "\n";
    }

    String typeName() {
      if (!isCompilationUnit()) {
        return "Snippet";
      }
      Matcher m = PUBLIC_TYPE.matcher(String.join("\n", lines));
      return m.find() ? m.group(1) : "Snippet" + index;
    }
  }

  private static final class SnippetSource extends SimpleJavaFileObject {
    final Snippet snippet;

    SnippetSource(Snippet snippet) {
      super(URI.create("string:///" + snippet.packageName().replace('.', '/') + "/" + snippet.typeName()
          + Kind.SOURCE.extension), Kind.SOURCE);
      this.snippet = snippet;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return snippet.source();
    }
  }

  static Path repositoryRoot() {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("docs"))
          && Files.isRegularFile(d.resolve("mvnw"))) {
        return d;
      }
    }
    throw new AssertionError("no repository root (README.md, docs/, mvnw) above " + dir);
  }

  /** README.md and every docs/*.md, relative to the repository root, in a stable order. */
  static List<String> markdownFiles(Path root) {
    List<String> files = new ArrayList<>();
    files.add("README.md");
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted()
          .forEach(n -> files.add("docs/" + n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static String read(Path root, String file) {
    try {
      return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced block whose info string starts with the word {@code java}. */
  static List<Snippet> snippets(String file, String text) {
    List<Snippet> found = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      String opening = lines[i].stripLeading();
      if (!opening.startsWith("```")) {
        i++;
        continue;
      }
      int indent = lines[i].length() - opening.length();
      String info = opening.substring(3).strip();
      int fenceLine = i + 1;
      List<String> body = new ArrayList<>();
      i++;
      while (i < lines.length && !lines[i].strip().equals("```")) {
        String line = lines[i];
        int strip = Math.min(indent, line.length() - line.stripLeading().length());
        body.add(line.substring(strip));
        i++;
      }
      if (i == lines.length) {
        throw new AssertionError(file + ":" + fenceLine + ": code fence never closed");
      }
      i++;
      if (info.equals("java") || info.startsWith("java ")) {
        found.add(new Snippet(file, found.size() + 1, fenceLine, List.copyOf(body)));
      }
    }
    return found;
  }

  static Map<String, List<Snippet>> allSnippets() {
    Path root = repositoryRoot();
    Map<String, List<Snippet>> byFile = new LinkedHashMap<>();
    for (String file : markdownFiles(root)) {
      byFile.put(file, snippets(file, read(root, file)));
    }
    return byFile;
  }

  static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  @Test
  void everyJavaFenceIsFoundAndNoFileIsSkipped() {
    Path root = repositoryRoot();
    List<String> files = markdownFiles(root);
    assertThat(files).contains("README.md", "docs/core.md", "docs/ratelimit.md", "docs/netty-adapter.md");

    int fences = 0;
    int extracted = 0;
    for (String file : files) {
      String text = read(root, file);
      long inFile = JAVA_FENCE.matcher(text).results().count();
      List<Snippet> snippets = snippets(file, text);
      assertThat(snippets).as("java snippets extracted from %s", file).hasSize((int) inFile);
      if (inFile > 0) {
        assertThat(snippets).as("java snippets of %s", file).isNotEmpty();
        assertThat(snippets).allSatisfy(s ->
            assertThat(s.lines()).as("%s is empty", s.where()).anyMatch(l -> !l.isBlank()));
      }
      fences += (int) inFile;
      extracted += snippets.size();
    }
    assertThat(extracted).isEqualTo(fences);
    // The README alone shows every module; far fewer would mean the extraction broke.
    assertThat(snippets("README.md", read(root, "README.md"))).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void extractsJavaFencesOnlyAndMapsLinesBackToTheMarkdown() throws IOException {
    String markdown = String.join("\n",
        "# Title",                                   // 1
        "```yaml",                                   // 2
        "a: 1",                                      // 3
        "```",                                       // 4
        "- a list item:",                            // 5
        "  ```java",                                 // 6
        "  import java.time.Duration;",              // 7
        "",                                          // 8
        "  Duration d = Duration.ofSeconds(1);",     // 9
        "  Thread.sleep(d.toMillis());",             // 10
        "  ```",                                     // 11
        "```java",                                   // 12
        "record Point(int x, int y) {}",             // 13
        "```");                                      // 14
    List<Snippet> found = snippets("x.md", markdown);
    assertThat(found).hasSize(2);
    Snippet statements = found.get(0);
    assertThat(statements.fenceLine()).isEqualTo(6);
    assertThat(statements.lines()).containsExactly(
        "import java.time.Duration;", "", "Duration d = Duration.ofSeconds(1);", "Thread.sleep(d.toMillis());");
    assertThat(statements.isCompilationUnit()).isFalse();
    assertThat(found.get(1).isCompilationUnit()).isTrue();

    // The wrapper declares no exception: the unhandled InterruptedException is reported at line 10.
    Map<Snippet, List<String>> errors = compile(found);
    assertThat(errors).containsOnlyKeys(statements);
    assertThat(errors.get(statements)).singleElement().asString()
        .startsWith("x.md:10: unreported exception java.lang.InterruptedException");
  }

  @TestFactory
  Stream<DynamicTest> everyJavaSnippetCompilesAsPasted() throws IOException {
    List<Snippet> snippets = allSnippets().values().stream().flatMap(List::stream).toList();
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(40);

    Map<Snippet, List<String>> errors = compile(snippets);
    if (!errors.isEmpty()) {
      // javac skips flow analysis (unreported checked exceptions, missing returns) of every unit
      // once any unit has an error: compile the others alone, so that they report theirs too.
      for (Snippet s : snippets) {
        if (!errors.containsKey(s)) {
          errors.putAll(compile(List.of(s)));
        }
      }
    }
    return snippets.stream().map(s -> DynamicTest.dynamicTest(s.where(), () -> {
      List<String> found = errors.getOrDefault(s, List.of());
      if (!found.isEmpty()) {
        throw new AssertionError(s.where() + " does not compile as pasted ("
            + (s.isCompilationUnit() ? "a compilation unit" : "statements wrapped in Snippet.run()")
            + "):\n  " + String.join("\n  ", found));
      }
    }));
  }

  /** Compiles the snippets in one javac task; returns the errors of each snippet that has any. */
  private static Map<Snippet, List<String>> compile(List<Snippet> snippets) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK's javac (this runs on a JDK, never a JRE)").isNotNull();
    Path out = Paths.get("target", "snippet-classes");
    Files.createDirectories(out);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<SnippetSource> sources = snippets.stream().map(SnippetSource::new).toList();
    StringWriter compilerOutput = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      compiler.getTask(compilerOutput, files, diagnostics,
          List.of("--release", "17", "-proc:none", "-classpath", testClassPath(), "-d", out.toString()),
          null, sources).call();
    }

    Map<Snippet, List<String>> errors = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      if (d.getSource() instanceof SnippetSource source) {
        Snippet s = source.snippet;
        long snippetLine = Math.max(1, Math.min(d.getLineNumber(), s.lines().size() + 1L));
        String line = s.file() + ":" + s.markdownLine(snippetLine);
        errors.computeIfAbsent(s, k -> new ArrayList<>())
            .add(line + ": " + d.getMessage(Locale.ROOT));
      } else {
        throw new AssertionError("compiler error outside a snippet: " + d + "\n" + compilerOutput);
      }
    }
    return errors;
  }
}
