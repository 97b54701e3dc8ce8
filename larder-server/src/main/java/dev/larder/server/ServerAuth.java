package dev.larder.server;

import dev.larder.core.ErrorCode;
import dev.larder.core.FeatureStore;
import dev.larder.core.LarderException;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.LiveApiKeys;
import dev.larder.core.access.Principal;
import dev.larder.core.repo.RepoConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Who a request acts as. With {@code auth: {type: none}} (the default) every request acts as the
 * server process's own user ({@code LARDER_USER}, {@code LARDER_ROLES}). With {@code auth: {type:
 * api_key, keys_file: …}} every secured route needs {@code Authorization: Bearer <key>}: a missing
 * or unknown key is a 401 naming the request's action and resource (never which keys exist), and
 * the request then runs as the key's name and roles through {@link FeatureStore#as}, so the
 * facade's permission checks apply to it like to anyone else.
 *
 * <p>The keys file is checked for changes at most once per {@link #RECHECK} (its modification time,
 * size and identity, since {@code larder auth} replaces it atomically), so an added or revoked key
 * counts within that time without a restart. A missing file means no keys yet.
 */
final class ServerAuth {
  /** How long a read of the keys file is reused before the file is looked at again. */
  static final Duration RECHECK = Duration.ofSeconds(1);

  private static final String SCHEME = "bearer ";

  private final LiveApiKeys live;

  private ServerAuth(LiveApiKeys live) {
    this.live = live;
  }

  /**
   * The authentication {@code config} asks for: none, or API keys from its keys file (read once
   * now, so a damaged file stops the server from starting with an error naming the file).
   */
  static ServerAuth of(RepoConfig config) {
    if (!"api_key".equals(config.auth().type())) {
      return new ServerAuth(null);
    }
    ApiKeyFile file = ApiKeyFile.of(config);
    file.read();
    return new ServerAuth(new LiveApiKeys(file, RECHECK, System::nanoTime));
  }

  /** Whether requests need an API key. */
  boolean required() {
    return live != null;
  }

  /** The number of keys the server knows now; 0 without API keys. */
  int keyCount() {
    return required() ? live.keys().keys().size() : 0;
  }

  /**
   * The feature store acting as the caller of a request with the {@code Authorization} header
   * {@code authorization} (or {@code null}).
   *
   * @param access names what the request asks for, for the 401 message
   * @throws LarderException {@code UNAUTHENTICATED} for a missing, malformed or unknown key
   */
  FeatureStore caller(FeatureStore store, String authorization, Supplier<String> access) {
    return authenticate(authorization).caller(store, access);
  }

  /**
   * Checks the {@code Authorization} header {@code authorization} (or {@code null}) alone, before
   * anything of the request's body is read.
   *
   * @throws BackendException when the keys file cannot be read (the server's fault: 503)
   */
  Authentication authenticate(String authorization) {
    if (live == null) {
      return new Authentication(null, null);
    }
    if (authorization == null || authorization.isBlank()) {
      return Authentication.failed(
          "no API key: this request (%s) needs the header 'Authorization: Bearer <key>'");
    }
    String header = authorization.strip();
    if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)
        || header.substring(SCHEME.length()).isBlank()) {
      return Authentication.failed(
          "the Authorization header is not 'Bearer <key>': this request (%s) needs an API key"
              + " sent as 'Authorization: Bearer <key>'");
    }
    String key = header.substring(SCHEME.length()).strip();
    return live.keys()
        .authenticate(key)
        .map(p -> new Authentication(p, null))
        .orElseGet(
            () ->
                Authentication.failed(
                    "the API key sent with this request (%s) is not valid; it may have been"
                        + " revoked"));
  }

  /**
   * What a request's header says: the principal it acts as ({@code null} without API keys, or when
   * it failed), or why it failed, a message with {@code %s} for what the request asks for.
   */
  record Authentication(Principal principal, String problem) {
    static Authentication failed(String problem) {
      return new Authentication(null, problem);
    }

    /** Whether the request may go on. */
    boolean ok() {
      return problem == null;
    }

    /**
     * The feature store acting as the request's principal.
     *
     * @throws LarderException {@code UNAUTHENTICATED} when the header was not accepted, naming
     *     {@code access}
     */
    FeatureStore caller(FeatureStore store, Supplier<String> access) {
      if (problem != null) {
        throw unauthenticated(String.format(Locale.ROOT, problem, access.get()));
      }
      return principal == null ? store : store.as(principal);
    }
  }

  private static LarderException unauthenticated(String message) {
    return new LarderException(
        ErrorCode.UNAUTHENTICATED,
        message,
        "Ask whoever administers the feature repository for a key ('larder auth add-key NAME"
            + " --roles ROLE,…')");
  }
}
