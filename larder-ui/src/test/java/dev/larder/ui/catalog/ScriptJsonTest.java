package dev.larder.ui.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ScriptJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void nothingInTheDataCanEndTheScriptBlockAndTheValuesStayTheSame() throws Exception {
    ObjectNode node = JSON.createObjectNode();
    String evil = "</script><script>alert(1)</script> & <!-- \u2028\u2029";
    node.put("title", evil);
    String embedded = ScriptJson.embed(node);
    assertThat(embedded).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    assertThat(embedded).doesNotContain("\u2028").doesNotContain("\u2029");
    assertThat(JSON.readTree(embedded).path("title").asText()).isEqualTo(evil);
  }
}
