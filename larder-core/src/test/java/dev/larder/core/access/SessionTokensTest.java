package dev.larder.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.access.SessionTokens.Rejection;
import dev.larder.core.access.SessionTokens.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The web UI's session tokens: signed, expiring, bound to a key as the keys file holds it now. */
class SessionTokensTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  static final ApiKey ANA = key("ana", "2026-01-01T00:00:00Z", "reader");
  static final ApiKey BOB = key("bob", "2026-01-02T00:00:00Z", "admin");
  static final ApiKeys KEYS = new ApiKeys(List.of(ANA, BOB));

  static ApiKey key(String name, String created, String role) {
    return new ApiKey(name, List.of(role), Instant.parse(created), new byte[16], new byte[32]);
  }

  static SessionTokens at(Instant now) {
    return new SessionTokens(SECRET, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void anIssuedTokenNamesItsKeyAndItsRolesNow() {
    String token = at(NOW).issue(ANA, Duration.ofHours(8));
    assertThat(token).startsWith("v1.").doesNotContain("reader");
    Verdict v = at(NOW.plusSeconds(60)).verify(token, KEYS);
    assertThat(v.accepted()).isTrue();
    assertThat(v.principal()).isEqualTo(Principal.of("ana", "reader"));
    assertThat(v.expires()).isEqualTo(NOW.plus(Duration.ofHours(8)));
    // the roles come from the keys file as it is now
    ApiKey promoted =
        new ApiKey("ana", List.of("admin"), ANA.created(), new byte[16], new byte[32]);
    assertThat(at(NOW).verify(token, new ApiKeys(List.of(promoted))).principal().roles())
        .containsExactly("admin");
    // two tokens of one key differ
    assertThat(at(NOW).issue(ANA, Duration.ofHours(8))).isNotEqualTo(token);
  }

  @Test
  void aTokenExpires() {
    String token = at(NOW).issue(ANA, Duration.ofMinutes(30));
    assertThat(at(NOW.plus(Duration.ofMinutes(29))).verify(token, KEYS).accepted()).isTrue();
    assertThat(at(NOW.plus(Duration.ofMinutes(30))).verify(token, KEYS).rejection())
        .isEqualTo(Rejection.EXPIRED);
    assertThatThrownBy(() -> at(NOW).issue(ANA, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anyChangeToATokenBreaksItsSignature() {
    String token = at(NOW).issue(ANA, Duration.ofHours(1));
    String[] p = token.split("\\.");
    String bob = Base64.getUrlEncoder().withoutPadding().encodeToString("bob".getBytes());
    List<String> tampered =
        List.of(
            String.join(".", p[0], bob, p[2], p[3], p[4], p[5]),
            String.join(".", p[0], p[1], p[2], "9999999999", p[4], p[5]),
            String.join(".", p[0], p[1], "1767312000", p[3], p[4], p[5]),
            String.join(".", p[0], p[1], p[2], p[3], "AAAAAAAAAAAAAAAA", p[5]),
            token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"));
    for (String t : tampered) {
      assertThat(at(NOW).verify(t, KEYS).rejection()).as(t).isEqualTo(Rejection.BAD_SIGNATURE);
    }
  }

  @Test
  void malformedTokensAreRejected() {
    String token = at(NOW).issue(ANA, Duration.ofHours(1));
    for (String t :
        new String[] {
          null,
          "",
          "v1",
          "v2" + token.substring(2),
          token + ".x",
          token.replace('.', ','),
          "v1.YW5h.x.1.AAAA.AAAA",
          "v1.!!.1.1.AAAA.AAAA",
          "x".repeat(2000)
        }) {
      assertThat(at(NOW).verify(t, KEYS).rejection()).as(t).isEqualTo(Rejection.MALFORMED);
    }
  }

  @Test
  void anotherSecretRejectsTheToken() {
    String token = at(NOW).issue(ANA, Duration.ofHours(1));
    SessionTokens other =
        new SessionTokens(
            "another secret of thirty-two byt".getBytes(StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(other.verify(token, KEYS).rejection()).isEqualTo(Rejection.BAD_SIGNATURE);
    assertThatThrownBy(() -> new SessionTokens(new byte[16], Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRevokedKeyEndsItsSessionsAlsoWhenAddedAgain() {
    String token = at(NOW).issue(ANA, Duration.ofHours(1));
    assertThat(at(NOW).verify(token, new ApiKeys(List.of(BOB))).rejection())
        .isEqualTo(Rejection.REVOKED);
    ApiKey again = key("ana", "2026-02-01T00:00:00Z", "reader");
    assertThat(at(NOW).verify(token, new ApiKeys(List.of(again, BOB))).rejection())
        .isEqualTo(Rejection.REVOKED);
  }

  @Test
  void theFormTokenBelongsToItsSession() {
    SessionTokens tokens = at(NOW);
    String a = tokens.issue(ANA, Duration.ofHours(1));
    String b = tokens.issue(ANA, Duration.ofHours(1));
    String csrf = tokens.csrf(a);
    assertThat(csrf).isNotBlank().isNotEqualTo(a);
    assertThat(tokens.csrfMatches(a, csrf)).isTrue();
    assertThat(tokens.csrfMatches(b, csrf)).isFalse();
    assertThat(tokens.csrfMatches(a, null)).isFalse();
    assertThat(tokens.csrfMatches(a, "")).isFalse();
    assertThat(tokens.csrfMatches(null, csrf)).isFalse();
    // a session token is not its own form token
    assertThat(tokens.csrfMatches(a, a)).isFalse();
  }
}
