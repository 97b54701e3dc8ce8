package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.testkit.browser.Browser;
import dev.larder.testkit.browser.BrowserExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * {@code /docs} in headless Chromium: Swagger UI loads from the server alone (no request leaves it,
 * no console error), lists every endpoint of the route table, and its "Try it out" calls the
 * server.
 */
class ApiDocsBrowserIT {
  @RegisterExtension static final BrowserExtension browser = new BrowserExtension();

  @TempDir static Path work;
  static ServedRepo served;

  @BeforeAll
  static void serve() throws IOException {
    served = new ServedRepo(work.resolve("repo"), ServerConfig.defaults());
  }

  @AfterAll
  static void stop() {
    if (served != null) {
      served.close();
    }
  }

  @Test
  void swaggerUiListsEveryEndpointFromTheServerAlone() {
    Browser b = browser.get();
    b.driver().get(served.uri("/docs").toString());
    b.waitUntil(
        "Swagger UI to list the endpoints",
        () -> b.all(".opblock").size() >= OpenApiTest.OPERATIONS.size());
    b.shoot("docs");
    List<String> listed =
        b.all(".opblock").stream()
            .map(
                op ->
                    op.findElement(By.cssSelector(".opblock-summary-method")).getText()
                        + " "
                        + op.findElement(By.cssSelector(".opblock-summary-path"))
                            .getAttribute("data-path"))
            .toList();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(OpenApiTest.OPERATIONS);
    assertThat(b.driver().getTitle()).contains("Larder");
    URI origin = served.uri("/");
    assertThat(b.requestsOutside(origin)).as("requests that left the server").isEmpty();
    assertThat(b.requestedUrls())
        .contains(served.uri("/openapi.json").toString())
        .anyMatch(u -> u.endsWith("/docs/swagger-ui-bundle.js"));
  }

  @Test
  void tryItOutCallsTheServer() {
    Browser b = browser.get();
    b.driver().get(served.uri("/docs#/default/health").toString());
    WebElement health = b.await("#operations-default-health");
    if (b.all("#operations-default-health .try-out__btn").isEmpty()) {
      health.findElement(By.cssSelector(".opblock-summary-control")).click();
    }
    b.await("#operations-default-health .try-out__btn").click();
    b.await("#operations-default-health .execute").click();
    WebElement status =
        b.await(
            "#operations-default-health .live-responses-table tr.response .response-col_status");
    b.waitUntil(
        "the response body", () -> !b.all("#operations-default-health .microlight").isEmpty());
    b.shoot("docs-try-health");
    assertThat(status.getText()).isEqualTo("200");
    assertThat(
            b.await("#operations-default-health .live-responses-table tr.response .microlight")
                .getText())
        .contains("\"status\": \"ok\"");
  }
}
