package dev.bulwark.headers.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts Debian's headless Chromium through Debian's chromedriver, with both paths set explicitly
 * so that Selenium Manager never looks for (or downloads) a driver or browser. Paths default to
 * {@code /usr/bin/chromedriver} and {@code /usr/bin/chromium}; override them with the system
 * properties {@code bulwark.chromedriver} and {@code bulwark.chromium}. Published in this module's
 * test jar (the demo's dashboard test uses it too). There is deliberately no "is it installed?"
 * check: a browser test that cannot start its browser fails (the constructor says what is missing),
 * it never skips.
 */
public final class HeadlessChromium implements AutoCloseable {

  /**
   * Selenium warns that it has no CDP bindings for this Chromium version; the proof uses WebDriver
   * only, never CDP. Held in a field so the level sticks.
   */
  private static final Logger DEVTOOLS_LOGGER = Logger.getLogger("org.openqa.selenium.devtools");

  static {
    DEVTOOLS_LOGGER.setLevel(Level.SEVERE);
  }

  private static final String CHROMEDRIVER = "bulwark.chromedriver";
  private static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "bulwark.chromium";
  private static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";

  private final Path userDataDir;
  private final ChromeDriverService service;
  private final ChromeDriver driver;

  /**
   * Starts the browser.
   *
   * @param extraArguments Chromium switches added to the defaults, e.g. {@code --window-size=1400,1000}
   * @throws IllegalStateException if Chromium or chromedriver is missing
   * @throws IOException if the profile directory cannot be created
   */
  public HeadlessChromium(String... extraArguments) throws IOException {
    File chromedriver = existing(CHROMEDRIVER, DEFAULT_CHROMEDRIVER);
    File chromium = existing(CHROMIUM, DEFAULT_CHROMIUM);
    userDataDir = Files.createTempDirectory("bulwark-chromium-");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver)
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + userDataDir);
    options.addArguments(extraArguments);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
  }

  private static File file(String property, String defaultPath) {
    return new File(System.getProperty(property, defaultPath));
  }

  private static File existing(String property, String defaultPath) {
    File file = file(property, defaultPath);
    if (!file.canExecute()) {
      throw new IllegalStateException(
          file + " is missing; install it (apt-get install -y chromium chromium-driver) or set -D"
              + property);
    }
    return file;
  }

  /**
   * Returns the driver.
   *
   * @return the driver, valid until {@link #close()}
   */
  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (Stream<Path> files = Files.walk(userDataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
