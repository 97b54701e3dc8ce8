package dev.larder.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser fixture itself: it sees console errors (a script's and a failed load's), a request
 * that leaves the page's origin, and saves screenshots.
 */
class BrowserIT {
  @RegisterExtension static final BrowserExtension browser = new BrowserExtension();

  @TempDir Path dir;

  @Test
  void seesConsoleErrorsRequestsElsewhereAndSavesScreenshots() throws IOException {
    Path page = dir.resolve("page.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><head><title>t</title>"
            + "<script src=\"http://cdn.example.invalid/lib.js\"></script></head>"
            + "<body><p id=\"p\">hello</p><script>console.error('boom: ' + 1);</script>"
            + "</body></html>");
    Browser b = browser.get();
    Path shot = b.open(page.toUri().toString(), "page");
    assertThat(shot)
        .exists()
        .hasFileName("01-seesConsoleErrorsRequestsElsewhereAndSavesScreenshots-page.png");
    assertThat(Files.size(shot)).isGreaterThan(1000);
    assertThat(b.await("#p").getText()).isEqualTo("hello");
    assertThat(b.requestsOutside(page.toUri()))
        .containsExactly("http://cdn.example.invalid/lib.js");
    // The CDN is unreachable (the proxy at a closed port), and console.error counts too.
    assertThat(b.consoleErrors())
        .anyMatch(m -> m.contains("cdn.example.invalid/lib.js"))
        .anyMatch(m -> m.contains("boom: 1"));
    assertThat(b.consoleErrors()).as("drained").isEmpty();
  }

  @Test
  void aCleanPageHasNoConsoleErrorAndNoRequestElsewhere() throws IOException {
    Path page = dir.resolve("clean.html");
    Files.writeString(
        page, "<!DOCTYPE html><html><head><title>t</title></head><body>ok</body></html>");
    Browser b = browser.get();
    b.open(page.toUri().toString());
    assertThat(b.requestsOutside(page.toUri())).isEmpty();
    assertThat(b.consoleErrors()).isEmpty();
  }
}
