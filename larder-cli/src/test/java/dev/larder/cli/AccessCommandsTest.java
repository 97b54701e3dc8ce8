package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control from the command line, in a repository from {@code larder init} with permissions
 * applied by an administrator: the user and roles come from {@code LARDER_USER} and {@code
 * LARDER_ROLES}, a denial is exit code 1 with the error naming user, action and resource, {@code
 * auth} manages keys that are never stored, and {@code audit} lists what happened.
 */
class AccessCommandsTest {
  static final Map<String, String> ADMIN = Map.of("LARDER_USER", "root", "LARDER_ROLES", "admin");
  static final Map<String, String> READER =
      Map.of("LARDER_USER", "rita", "LARDER_ROLES", " reader ,x");

  static final String PERMISSIONS =
      """
      permissions:
        - name: admins
          types: [all]
          actions: [create, describe, update, delete, read_online, read_offline, write_online,
                    write_offline]
          policy: {roles: [admin]}
        - name: readers
          types: [feature_view]
          actions: [describe, read_online]
          policy: {roles: [reader]}
      """;

  @TempDir static Path work;
  static Path repo;
  static Instant started;

  @BeforeAll
  static void initAndApplyPermissions() throws IOException {
    started = Instant.now().minusSeconds(1);
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    repo = work.resolve("demo");
    Path config = repo.resolve("feature_store.yaml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("auth: {type: none}", "auth: {type: api_key, keys_file: auth/keys.yaml}"));
    Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
    CliRun apply = CliRun.as(ADMIN, repo, "apply");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    CliRun materialize =
        CliRun.as(ADMIN, repo, "materialize-incremental", Instant.now().toString());
    assertThat(materialize.exitCode()).as(materialize.err()).isZero();
  }

  @Test
  void aDeniedCommandExitsWith1NamingUserActionAndResource() {
    CliRun denied = CliRun.as(READER, repo, "materialize-incremental", Instant.now().toString());
    assertThat(denied.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(denied.firstErrorLine())
        .isEqualTo(
            "error: permission denied: user 'rita' (roles: reader, x) may not"
                + " materialize-incremental: write_online on feature view"
                + " 'classification_features'");
    assertThat(denied.err()).contains("LARDER_USER and LARDER_ROLES");
    assertThat(denied.out()).isEmpty();

    CliRun read =
        CliRun.as(
            READER,
            repo,
            "get-online-features",
            "--features",
            "classification_features:feature_0",
            "--entity",
            "sample_index=1");
    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out()).contains("\"PRESENT\"");

    CliRun noRoles =
        CliRun.as(Map.of("LARDER_USER", "nora"), repo, "entities", "describe", "sample");
    assertThat(noRoles.exitCode()).isEqualTo(1);
    assertThat(noRoles.firstErrorLine())
        .startsWith("error: permission denied: user 'nora' (no roles) may not describe:");

    CliRun badRoles = CliRun.as(Map.of("LARDER_ROLES", "a b"), repo, "feature-views", "list");
    assertThat(badRoles.exitCode()).isEqualTo(1);
    assertThat(badRoles.firstErrorLine())
        .isEqualTo("error: LARDER_ROLES names role 'a b', which is not a valid role name");
  }

  @Test
  void anApplyChangingPermissionsIsJudgedByThePreviousOnes() throws IOException {
    Path file = repo.resolve("permissions.yaml");
    Files.writeString(file, PERMISSIONS.replace("roles: [reader]", "roles: [reader, admin]"));
    try {
      CliRun denied = CliRun.as(READER, repo, "apply");
      assertThat(denied.exitCode()).isEqualTo(1);
      assertThat(denied.firstErrorLine())
          .isEqualTo(
              "error: permission denied: user 'rita' (roles: reader, x) may not apply: update on"
                  + " permission 'readers'");
      assertThat(CliRun.as(READER, repo, "plan").out()).contains("~ update permission readers");
    } finally {
      Files.writeString(file, PERMISSIONS);
    }
  }

  @Test
  void permissionsListAndDescribeAreFilteredToo() {
    CliRun admin = CliRun.as(ADMIN, repo, "permissions", "list");
    assertThat(admin.exitCode()).as(admin.err()).isZero();
    assertThat(admin.out())
        .contains("admins", "readers")
        .contains("describe, read_online on feature_view for roles reader");
    CliRun describe = CliRun.as(ADMIN, repo, "permissions", "describe", "readers");
    assertThat(describe.out()).contains("kind: permission", "types:", "- feature_view", "roles:");
    assertThat(admin.out()).doesNotContain("Hidden");
    CliRun reader = CliRun.as(READER, repo, "permissions", "list");
    assertThat(reader.exitCode()).isZero();
    // the header, then the line that says some are hidden: no count, no names
    assertThat(reader.out().lines().toList())
        .containsExactly(
            "NAME  DETAILS  VERSION  LAST UPDATED",
            "Hidden: permissions you may not describe (permissions).");
    CliRun views = CliRun.as(READER, repo, "feature-views", "list");
    assertThat(views.out()).contains("classification_features").doesNotContain("Hidden");
    assertThat(views.out().lines().skip(1).findFirst().orElseThrow())
        .containsPattern("  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$");
    CliRun entities = CliRun.as(READER, repo, "entities", "list");
    assertThat(entities.out())
        .doesNotContain("sample")
        .endsWith("Hidden: entities you may not describe (permissions).\n");
  }

  @Test
  void authAddsListsAndRevokesKeysWithoutStoringThem() throws IOException {
    CliRun add = CliRun.as(ADMIN, repo, "auth", "add-key", "ci-bot", "--roles", "writer,reader");
    assertThat(add.exitCode()).as(add.err()).isZero();
    List<String> lines = add.out().lines().toList();
    String key = lines.get(lines.size() - 1);
    assertThat(key).matches("[A-Za-z0-9_-]{32,}");
    assertThat(add.out().indexOf(key)).isEqualTo(add.out().lastIndexOf(key));
    String stored = Files.readString(repo.resolve("auth/keys.yaml"));
    assertThat(stored).contains("name: ci-bot").doesNotContain(key);

    CliRun again = CliRun.as(ADMIN, repo, "auth", "add-key", "ci-bot");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.firstErrorLine()).contains("an API key named 'ci-bot' already exists");

    CliRun list = CliRun.as(READER, repo, "auth", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains("ci-bot", "reader,writer").doesNotContain(key);
    assertThat(list.out()).doesNotContain("sha256").doesNotContain("salt");

    assertThat(CliRun.as(ADMIN, repo, "auth", "revoke", "ci-bot").exitCode()).isZero();
    CliRun gone = CliRun.as(ADMIN, repo, "auth", "revoke", "ci-bot");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.firstErrorLine()).contains("no API key named 'ci-bot'");
  }

  @Test
  void auditListsTheActionsWithUserAndTime() throws IOException {
    CliRun.as(READER, repo, "materialize-incremental", Instant.now().toString());
    CliRun.as(ADMIN, repo, "auth", "add-key", "audited", "--roles", "reader");
    CliRun table = CliRun.as(READER, repo, "audit");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .startsWith("TIME")
        .contains("USER", "ACTION", "OUTCOME", "OBJECTS");
    assertThat(table.out())
        .containsPattern("\\S+Z +root +admin +apply +ok ")
        .containsPattern("\\S+Z +root +admin +materialize-incremental +ok ")
        .containsPattern("\\S+Z +rita +reader,x +materialize-incremental +denied ")
        .containsPattern("\\S+Z +root +admin +auth add-key +ok +api_key:audited ");

    CliRun json =
        CliRun.as(ADMIN, repo, "audit", "--format", "json", "--since", started.toString());
    JsonNode entries = new ObjectMapper().readTree(json.out());
    assertThat(entries.isArray()).isTrue();
    for (JsonNode e : entries) {
      assertThat(Instant.parse(e.get("at").asText())).isAfter(started);
      assertThat(e.get("user").asText()).isNotBlank();
    }
    assertThat(CliRun.as(ADMIN, repo, "audit", "--since", "2999-01-01").out().lines().count())
        .isEqualTo(1);
    assertThat(CliRun.as(ADMIN, repo, "audit", "--since", "yesterday").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aUserOrRoleWithControlCharactersIsRefusedNamingTheVariable() {
    String forged = "mallory\n2025-01-01T00:00:00Z  root  admin  apply  ok";
    CliRun user = CliRun.as(Map.of("LARDER_USER", forged), repo, "feature-views", "list");
    assertThat(user.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(user.firstErrorLine())
        .isEqualTo(
            "error: LARDER_USER 'mallory\\n2025-01-01T00:00:00Z  root  admin  apply  ok' is not a"
                + " valid user name");
    assertThat(user.err()).contains("letters, digits, _, ., @ and -", "LARDER_USER=");
    assertThat(user.out()).isEmpty();

    CliRun roles =
        CliRun.as(
            Map.of("LARDER_USER", "rita", "LARDER_ROLES", "reader,admin\u001b[2K"),
            repo,
            "feature-views",
            "list");
    assertThat(roles.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(roles.firstErrorLine())
        .isEqualTo(
            "error: LARDER_ROLES names role 'admin\\u001b[2K', which is not a valid role name");
    assertThat(roles.err()).doesNotContain("\u001b");

    assertThat(CliRun.as(ADMIN, repo, "audit").out()).doesNotContain("mallory");
  }

  @Test
  void theAuditTableShowsControlCharactersAsEscapesSoNoLineIsForged() {
    String forged = "x\n2025-01-01T00:00:00Z  root  admin  apply  ok  \u001b[2K";
    CliRun denied = CliRun.as(READER, repo, "entities", "describe", forged);
    assertThat(denied.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    CliRun table = CliRun.as(ADMIN, repo, "audit");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out())
        .contains("entity:x\\n2025-01-01T00:00:00Z  root  admin  apply  ok  \\u001b[2K")
        .doesNotContain("\u001b");
    List<String> lines = table.out().lines().toList();
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z .*");
    }
  }

  @Test
  void keysNeedApiKeyAuthConfigured() throws IOException {
    Path other = work.resolve("plain");
    assertThat(CliRun.in(work, "init", "plain").exitCode()).isZero();
    CliRun add = CliRun.in(other, "auth", "add-key", "x");
    assertThat(add.exitCode()).isEqualTo(1);
    assertThat(add.firstErrorLine())
        .contains("API keys need auth: {type: api_key, keys_file: auth/keys.yaml}");
  }
}
