package dev.larder.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.access.Principal;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI with auth off: pages render, list, search, sort and page; assets are served. */
class WebUiTest {
  @TempDir static Path work;
  static UiRepo ui;

  @BeforeAll
  static void serve() throws IOException {
    ui = new UiRepo(work.resolve("repo"), Principal.of("root", "admin"), repo -> {});
  }

  @AfterAll
  static void stop() {
    ui.close();
  }

  @Test
  void overviewShowsTheProjectAndCounts() {
    UiRepo.Answer a = ui.get("/ui");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.header("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(a.body()).contains("classification").contains("Feature views");
  }
}
