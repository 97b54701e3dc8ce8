package dev.larder.ui.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.Entity;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ValueType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LookupRequestTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static RepoDefinitions entities() {
    return RepoDefinitions.builder()
        .add(new Entity("sample", List.of("sample_index"), ValueType.INT64, "", Map.of(), ""))
        .add(new Entity("zip", List.of("zip_code"), ValueType.STRING, "", Map.of(), ""))
        .add(new Entity("flag", List.of("is_on"), ValueType.BOOL, "", Map.of(), ""))
        .freeze();
  }

  @Test
  void theFormBecomesTheApisRequestWithKeysTypedByTheirEntity() throws Exception {
    LookupRequest form =
        new LookupRequest(
            "v:a, v:b\n v:c ",
            "",
            "sample_index=1, 2\nzip_code=007,010\nis_on=true,maybe\nother=5\n\n",
            true);
    JsonNode body = JSON.readTree(form.body(entities()));
    assertThat(body.toString())
        .isEqualTo(
            "{\"features\":[\"v:a\",\"v:b\",\"v:c\"],\"entities\":{\"sample_index\":[1,2],"
                + "\"zip_code\":[\"007\",\"010\"],\"is_on\":[true,\"maybe\"],\"other\":[\"5\"]},"
                + "\"full_feature_names\":true}");
  }

  @Test
  void aServiceReplacesTheFeaturesAndBadKeysGoAsTextForTheApiToName() throws Exception {
    LookupRequest form = new LookupRequest("v:a", "svc", "sample_index=abc", false);
    JsonNode body = JSON.readTree(form.body(entities()));
    assertThat(body.toString())
        .isEqualTo(
            "{\"feature_service\":\"svc\",\"entities\":{\"sample_index\":[\"abc\"]},"
                + "\"full_feature_names\":false}");
  }

  @Test
  void aLineWithoutAKeyIsAnErrorNamingTheForm() {
    assertThatThrownBy(() -> new LookupRequest("v:a", "", "=1", false).body(entities()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is not KEY=VALUE");
  }
}
