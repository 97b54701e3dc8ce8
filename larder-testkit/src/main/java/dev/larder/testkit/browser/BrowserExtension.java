package dev.larder.testkit.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link Browser} for a test class: one Chromium started before its first test and closed after
 * its last; each test's screenshots go to {@code target/screenshots/<TestClass>/}, labelled with
 * the test's name; and a test fails when a page it visited logged a console error.
 *
 * <pre>{@code
 * @RegisterExtension static final BrowserExtension browser = new BrowserExtension();
 *
 * @Test void docsLoad() { browser.get().open(server + "/docs"); ... }
 * }</pre>
 *
 * Without Chromium the tests are skipped with the reason, except when the environment has {@code
 * CI=true}: {@code .ci/run} installs it, so there it is a failure.
 */
public final class BrowserExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  /** Where screenshots go, under the module's folder (Maven runs tests there). */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browser browser;

  /** The class's browser. */
  public Browser get() {
    if (browser == null) {
      throw new IllegalStateException("the browser starts before the class's first test");
    }
    return browser;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String missing = Browser.missing();
    if (missing != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail(missing);
      }
      Assumptions.abort("no browser: " + missing);
    }
    browser = Browser.start(SCREENSHOTS.resolve(context.getRequiredTestClass().getSimpleName()));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    get().label(context.getRequiredTestMethod().getName());
    get().consoleErrors(); // what a previous test left is that test's business
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (browser == null) {
      return;
    }
    List<String> errors = browser.consoleErrors();
    if (!errors.isEmpty()) {
      browser.shoot("console-error");
      fail(
          "the browser console logged "
              + errors.size()
              + " error(s) at or before "
              + browser.url()
              + ":\n  "
              + String.join("\n  ", errors));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }
}
