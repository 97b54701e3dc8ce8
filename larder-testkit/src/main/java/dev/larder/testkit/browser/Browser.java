package dev.larder.testkit.browser;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, driven through chromedriver, for browser tests: Debian's {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver} (which {@code .ci/run} installs), named
 * explicitly so that Selenium Manager never looks for a browser or a driver on the network.
 *
 * <p>It keeps what a test needs to judge a page: the browser console (every message; {@link
 * #consoleErrors()} drains the errors), a screenshot of each page a test opens or reaches ({@link
 * #open}, {@link #shoot}) under the screenshot folder, and the URLs a page requested ({@link
 * #requestedUrls()}). The network beyond this machine is unreachable to it: every request but to
 * loopback addresses goes to a proxy at a closed local port, so a page that reaches for a CDN fails
 * with a console error instead of depending on the internet.
 *
 * <p>Start one per test class ({@link BrowserExtension} does, and fails each test that left a
 * console error); starting Chromium costs about a second.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Where a page may take to settle: load, scripts, charts. */
  public static final Duration WAIT = Duration.ofSeconds(15);

  /**
   * How often {@link #waitUntil} checks its condition (Selenium's default is 500 ms, which most
   * waits for a page or a chart would spend asleep after the page was ready).
   */
  static final Duration POLL = Duration.ofMillis(50);

  /** A proxy address nothing listens on: the network beyond loopback is unreachable. */
  static final String NO_PROXY = "http://127.0.0.1:9";

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final Path screenshots;
  private final List<String> console = new ArrayList<>();
  private String label = "page";
  private int shots;

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, Path shots) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.screenshots = shots;
  }

  /** Why browser tests cannot run here, or {@code null} when Chromium and its driver are here. */
  public static String missing() {
    List<String> absent = new ArrayList<>();
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        absent.add(p.toString());
      }
    }
    return absent.isEmpty()
        ? null
        : String.join(" and ", absent)
            + " not found: install Debian's chromium and chromium-driver (apt-get install"
            + " chromium chromium-driver; .ci/run does it when they are missing)";
  }

  /**
   * Starts Chromium (headless, a fresh profile, 1280 × 900) whose screenshots go under {@code
   * screenshots}.
   */
  public static Browser start(Path screenshots) {
    String problem = missing();
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    Path profile;
    try {
      Files.createDirectories(screenshots);
      profile = Files.createTempDirectory("larder-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--lang=en-US",
        "--window-size=1280,900",
        "--proxy-server=" + NO_PROXY,
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(WAIT);
    driver.manage().timeouts().scriptTimeout(WAIT);
    return new Browser(driver, service, profile, screenshots);
  }

  /** The driver, for what this class does not wrap. */
  public WebDriver driver() {
    return driver;
  }

  /** Names the screenshots that follow (the test's name, say). */
  public void label(String label) {
    this.label = Objects.requireNonNull(label, "label");
  }

  /**
   * Opens {@code url}, waits until the document has loaded, and saves a screenshot named {@code
   * name}.
   *
   * @return the screenshot's path
   */
  public Path open(String url, String name) {
    driver.get(url);
    waitForLoad();
    return shoot(name);
  }

  /** {@link #open(String, String)} with the screenshot named after the URL's path. */
  public Path open(String url) {
    return open(url, nameOf(url));
  }

  /** Waits until the document has loaded. */
  public void waitForLoad() {
    waitUntil("the page to load", () -> "complete".equals(script("return document.readyState")));
  }

  /** Waits for {@code condition} ({@link #WAIT} at most), failing with {@code what}. */
  public void waitUntil(String what, BooleanSupplier condition) {
    new WebDriverWait(driver, WAIT)
        .pollingEvery(POLL)
        .withMessage(() -> "waited " + WAIT.toSeconds() + " s for " + what + " at " + url())
        .until(d -> condition.getAsBoolean());
  }

  /** Waits for an element that matches {@code css} and returns it. */
  public WebElement await(String css) {
    waitUntil(
        "an element matching " + css, () -> !driver.findElements(By.cssSelector(css)).isEmpty());
    return driver.findElement(By.cssSelector(css));
  }

  /** The elements that match {@code css} now. */
  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Runs {@code js} in the page and returns its result. */
  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** The page's URL now. */
  public String url() {
    return driver.getCurrentUrl();
  }

  /**
   * Saves a screenshot of the page as it is now as {@code NN-label-name.png} in the screenshot
   * folder.
   */
  public Path shoot(String name) {
    shots++;
    Path file =
        screenshots.resolve(
            String.format(Locale.ROOT, "%02d-%s-%s.png", shots, slug(label), slug(name)));
    File taken = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.move(taken.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the screenshot " + file, e);
    }
    return file;
  }

  /**
   * Every console message since the last call, as {@code LEVEL message} lines (the browser keeps
   * them only until read; this keeps them all, see {@link #console()}).
   */
  private List<String> drain() {
    List<String> fresh = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      fresh.add(e.getLevel().getName() + " " + e.getMessage());
    }
    console.addAll(fresh);
    return fresh;
  }

  /** Every console message the pages logged so far, errors and all. */
  public List<String> console() {
    drain();
    return List.copyOf(console);
  }

  /** The console errors logged since the last call (failed loads, script errors, console.error). */
  public List<String> consoleErrors() {
    return drain().stream().filter(m -> m.startsWith(Level.SEVERE.getName() + " ")).toList();
  }

  /**
   * The URLs the page has requested since it was opened (the document itself, then each resource it
   * loaded: scripts, styles, images, fetches), from the browser's own resource timing.
   */
  @SuppressWarnings("unchecked")
  public List<String> requestedUrls() {
    Object urls =
        script(
            "return [location.href].concat(performance.getEntriesByType('resource')"
                + ".map(function (e) { return e.name; }))");
    return List.copyOf((List<String>) urls);
  }

  /** The requested URLs ({@link #requestedUrls()}) that are not of {@code origin}'s scheme/host. */
  public List<String> requestsOutside(URI origin) {
    String prefix =
        origin.getScheme().equals("file")
            ? "file:"
            : origin.getScheme() + "://" + origin.getRawAuthority() + "/";
    return requestedUrls().stream()
        .filter(u -> !u.startsWith(prefix) && !u.startsWith("data:") && !u.startsWith("blob:"))
        .toList();
  }

  /**
   * Cuts the browser off the network altogether ({@code true}: Chromium's offline emulation, on top
   * of the unreachable proxy; {@code file:} pages still open), or gives it back its loopback.
   */
  public void offline(boolean offline) {
    if (offline) {
      driver.setNetworkConditions(new ChromiumNetworkConditions().setOffline(true));
    } else {
      driver.deleteNetworkConditions();
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static String nameOf(String url) {
    URI u = URI.create(url);
    String path = u.getPath() == null || u.getPath().isEmpty() ? "root" : u.getPath();
    return path + (u.getQuery() == null ? "" : "-" + u.getQuery());
  }

  static String slug(String text) {
    String s = text.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "root" : s.length() > 80 ? s.substring(0, 80) : s;
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a profile left in the temporary folder is harmless
    }
  }
}
