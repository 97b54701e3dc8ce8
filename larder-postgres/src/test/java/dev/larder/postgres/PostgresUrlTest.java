package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The registry's PostgreSQL URL: Feast's spellings, parameters, and secrets kept out of sight. */
class PostgresUrlTest {
  @Test
  void feastsSchemesAreTheSameUrl() {
    for (String scheme :
        new String[] {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"}) {
      PostgresUrl url = PostgresUrl.parse(scheme + "://larder@db.example:6432/features");
      assertThat(url.toString()).isEqualTo("postgresql://larder@db.example:6432/features");
      assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/features");
    }
  }

  @Test
  void thePortDefaultsTo5432AndParametersGoToTheDriver() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgresql://larder@localhost/features?currentSchema=team_a&sslmode=require");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.schema()).isEqualTo("team_a");
    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://localhost:5432/features?currentSchema=team_a&sslmode=require");
    assertThat(PostgresUrl.parse("postgresql://u@[::1]:5433/d").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:5433/d");
  }

  @Test
  void passwordsGoToThePropertiesAndNeverIntoTheText() {
    PostgresUrl inUser = PostgresUrl.parse("postgresql://larder:s3cr%40t@h:5432/f?sslmode=require");
    PostgresUrl asParameter =
        PostgresUrl.parse("postgresql+psycopg://larder@h:5432/f?password=s3cr@t&sslpassword=k3y");
    for (PostgresUrl url : new PostgresUrl[] {inUser, asParameter}) {
      assertThat(url.toString()).doesNotContain("s3cr").doesNotContain("k3y");
      assertThat(url.jdbcUrl()).doesNotContain("s3cr").doesNotContain("k3y");
      Properties p = url.properties(Map.of("connectTimeout", "5"));
      assertThat(p.getProperty("user")).isEqualTo("larder");
      assertThat(p.getProperty("password")).isEqualTo("s3cr@t");
      assertThat(p.getProperty("connectTimeout")).isEqualTo("5");
      assertThat(url.scrub("FATAL: password s3cr@t was wrong"))
          .isEqualTo("FATAL: password *** was" + " wrong");
    }
    assertThat(asParameter.properties(Map.of()).getProperty("sslpassword")).isEqualTo("k3y");
    assertThat(inUser.toString()).isEqualTo("postgresql://larder@h:5432/f?sslmode=require");
  }

  @Test
  void theUrlsOwnTimeoutsWinOverTheDefaults() {
    PostgresUrl url = PostgresUrl.parse("postgresql://u@h/d?connectTimeout=1&application_name=x");
    Properties p = url.properties(Map.of("connectTimeout", "5", "ApplicationName", "larder"));
    assertThat(p.getProperty("connectTimeout")).isNull();
    assertThat(p.getProperty("ApplicationName")).isNull();
    assertThat(url.jdbcUrl()).contains("connectTimeout=1").contains("ApplicationName=x");
  }

  @Test
  void malformedUrlsSayWhatIsWrongWithoutRepeatingThePassword() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:pw1234@h/d"))
        .hasMessageContaining("scheme 'mysql' is not PostgreSQL's")
        .hasMessageNotContaining("pw1234");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresq://u@h/d"))
        .hasMessageContaining("did you mean 'postgresql'?");
    assertThatThrownBy(() -> PostgresUrl.parse("127.0.0.1:5432/d"))
        .hasMessageContaining("not a PostgreSQL URL");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:pw1234@h:99999/d"))
        .hasMessageContaining("port '99999'")
        .hasMessageNotContaining("pw1234");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:pw1234@h:5432"))
        .hasMessageContaining("names no database");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h:5432/d"))
        .hasMessageContaining("names no user");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:pw1234@h/d?curentSchema=x"))
        .hasMessageContaining("unknown parameter 'curentSchema'; did you mean 'currentSchema'?")
        .hasMessageNotContaining("pw1234");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:a@h/d?password=b"))
        .hasMessageContaining("gives the password twice")
        .hasMessageNotContaining(":a@");
  }
}
