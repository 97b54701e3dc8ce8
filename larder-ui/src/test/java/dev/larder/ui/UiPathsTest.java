package dev.larder.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.DefinitionKind;
import org.junit.jupiter.api.Test;

/** The UI's URL shapes, and which locations a redirect may go to. */
class UiPathsTest {
  @Test
  void objectPagesHaveOneShapePerKind() {
    assertThat(UiPaths.object(DefinitionKind.ENTITY, "driver")).isEqualTo("/ui/entities/driver");
    assertThat(UiPaths.object(DefinitionKind.DATA_SOURCE, "rows"))
        .isEqualTo("/ui/data-sources/rows");
    assertThat(UiPaths.featureView("a b")).isEqualTo("/ui/feature-views/a%20b");
    assertThat(UiPaths.object(DefinitionKind.FEATURE_SERVICE, "s"))
        .isEqualTo("/ui/feature-services/s");
    assertThat(UiPaths.object(DefinitionKind.PERMISSION, "p")).isEqualTo("/ui/permissions/p");
    assertThat(UiPaths.run("20251101-120000-000")).isEqualTo("/ui/runs/20251101-120000-000");
    assertThat(UiPaths.asset("larder.css")).isEqualTo("/ui/assets/larder.css");
  }

  @Test
  void redirectsStayInTheUi() {
    assertThat(UiPaths.isLocal("/ui")).isTrue();
    assertThat(UiPaths.isLocal("/ui/feature-views?q=a%20b&page=2")).isTrue();
    assertThat(UiPaths.isLocal("/ui?x=1")).isTrue();
    assertThat(UiPaths.isLocal(null)).isFalse();
    assertThat(UiPaths.isLocal("")).isFalse();
    assertThat(UiPaths.isLocal("/")).isFalse();
    assertThat(UiPaths.isLocal("/uix")).isFalse();
    assertThat(UiPaths.isLocal("//evil.example/ui")).isFalse();
    assertThat(UiPaths.isLocal("/ui//evil.example")).isFalse();
    assertThat(UiPaths.isLocal("/ui/\\\\evil.example")).isFalse();
    assertThat(UiPaths.isLocal("https://evil.example/ui")).isFalse();
    assertThat(UiPaths.isLocal("/ui/<script>")).isFalse();
    assertThat(UiPaths.isLocal("/ui/\r\nSet-Cookie: x=1")).isFalse();
  }
}
