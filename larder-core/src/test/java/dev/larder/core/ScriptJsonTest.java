package dev.larder.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ScriptJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EVIL = "</script><script>alert(1)</script> & <!-- \u2028\u2029";

  @Test
  void nothingInTheDataCanEndTheScriptBlockAndTheValuesStayTheSame() throws Exception {
    ObjectNode node = JSON.createObjectNode();
    node.put("title", EVIL);
    String embedded = ScriptJson.embed(node);
    assertThat(embedded).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    assertThat(embedded).doesNotContain("\u2028").doesNotContain("\u2029");
    assertThat(JSON.readTree(embedded).path("title").asText()).isEqualTo(EVIL);
  }

  @Test
  void escapeWritesEachUnsafeCharacterAsItsUnicodeEscapeAndLeavesTheRestAlone() throws Exception {
    String json = "{\"a\":\"x<y>z & \u2028\u2029 é\\\"\",\"n\":[1,2.5,null]}";
    String escaped = ScriptJson.escape(json);
    assertThat(escaped)
        .isEqualTo("{\"a\":\"x\\u003cy\\u003ez \\u0026 \\u2028\\u2029 é\\\"\",\"n\":[1,2.5,null]}");
    assertThat(JSON.readTree(escaped)).isEqualTo(JSON.readTree(json));
  }

  @Test
  void embedWritesCompactJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("k", "v").putArray("xs").add(1).add(2);
    assertThat(ScriptJson.embed(node)).isEqualTo("{\"k\":\"v\",\"xs\":[1,2]}");
  }
}
