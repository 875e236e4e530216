package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.internal.PercentEscapes;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScanTest {

  private static String scan(String input, boolean urlDecode) throws IOException {
    StringWriter out = new StringWriter();
    Scan.run(new BufferedReader(new StringReader(input)), new BufferedWriter(out), urlDecode);
    return out.toString();
  }

  @Test
  void printsOneVerdictPerLine() throws IOException {
    assertThat(scan("hello\n1' or '1'='1\n<script>alert(1)</script>\n\nO'Brien\r\n", false))
        .isEqualTo("OK\thello\nSQLI\t1' or '1'='1\nXSS\t<script>alert(1)</script>\nOK\t\nOK\tO'Brien\n");
  }

  @Test
  void urlDecodesEachLineOnceWhenAsked() throws IOException {
    // Form-encoded spaces without any escape are decoded only when asked.
    assertThat(scan("1'+or+'1'='1\n100%\n", true)).isEqualTo("SQLI\t1'+or+'1'='1\nOK\t100%\n");
    assertThat(scan("1'+or+'1'='1\n", false)).startsWith("OK\t");
  }

  @Test
  void escapesLeftAfterDecodingAreDecodedByTheDetectors() throws IOException {
    assertThat(scan("1%27+or+%271%27%3D%271\n%253Cscript%253E\n", true))
        .isEqualTo("SQLI\t1%27+or+%271%27%3D%271\nXSS\t%253Cscript%253E\n");
    assertThat(scan("1%27+or+%271%27%3D%271\n", false)).startsWith("SQLI\t");
  }

  @Test
  void runsWithNothingButThisModuleAndCoreOnTheClassPath()
      throws IOException, InterruptedException, URISyntaxException {
    Path classes = Path.of(Scan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path core = Path.of(PercentEscapes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String classPath = core + File.pathSeparator + classes;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", classPath, "dev.bulwark.validation.Scan",
        "--url-decode")).redirectErrorStream(true).start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write("caf%C3%A9\nadmin%27--\n%3Csvg%20onload%3Dalert(1)%3E\n".getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).isEqualTo("OK\tcaf%C3%A9\nSQLI\tadmin%27--\nXSS\t%3Csvg%20onload%3Dalert(1)%3E\n");
  }

  @Test
  void runsOnTheModulePathToo() throws IOException, InterruptedException, URISyntaxException {
    Path classes = Path.of(Scan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path core = Path.of(PercentEscapes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String modulePath = core + File.pathSeparator + classes;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-p", modulePath, "-m",
        "dev.bulwark.validation/dev.bulwark.validation.Scan")).redirectErrorStream(true).start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write("hello\nadmin'--\n".getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).isEqualTo("OK\thello\nSQLI\tadmin'--\n");
  }

  @Test
  void isNotPublicApi() {
    assertThat(Modifier.isPublic(Scan.class.getModifiers())).isFalse();
  }

  @Test
  void rejectsUnknownOptions() throws IOException, InterruptedException, URISyntaxException {
    Path classes = Path.of(Scan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", classes.toString(), "dev.bulwark.validation.Scan",
        "--bogus")).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).startsWith("unknown option: --bogus\nusage:");
  }
}
