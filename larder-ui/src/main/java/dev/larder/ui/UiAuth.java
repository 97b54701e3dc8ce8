package dev.larder.ui;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.ApiKey;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.LiveApiKeys;
import dev.larder.core.access.SessionSecret;
import dev.larder.core.access.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Who a UI request acts as, and its cookies.
 *
 * <ul>
 *   <li>{@code auth: {type: none}}: every request acts as the server process's user, as the API's
 *       do; nobody signs in.
 *   <li>{@code auth: {type: api_key}}: {@code /ui/login} takes an API key and, when the keys file
 *       holds it, sets the cookie {@value #SESSION_COOKIE} to a session token ({@link
 *       SessionTokens}, never the key), {@code HttpOnly}, {@code SameSite=Strict}, {@code
 *       Path=/ui}, and {@code Secure} when the request came over HTTPS. Each request's roles are
 *       those of the key in the keys file now ({@link LiveApiKeys}, rechecked every second).
 * </ul>
 *
 * Forms carry an anti-forgery token: with a session, an HMAC of the session token; without one
 * (auth off, or the login form), the value of the cookie {@value #CSRF_COOKIE} (a random value the
 * UI sets, {@code HttpOnly}, {@code SameSite=Strict}), which a page of another site can neither
 * read nor set.
 */
final class UiAuth {
  static final String SESSION_COOKIE = "larder_session";
  static final String CSRF_COOKIE = "larder_csrf";

  /** How long a sign-in lasts. */
  static final Duration SESSION_LIFETIME = Duration.ofHours(8);

  /** How often the keys file is looked at for added or revoked keys. */
  static final Duration RECHECK = Duration.ofSeconds(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LiveApiKeys keys;
  private final Clock clock;
  private volatile SessionTokens tokens;

  private UiAuth(LiveApiKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The authentication of {@code store}'s repository: none, or its API keys file (read now, so a
   * damaged file stops the server from starting) and the session secret beside it, read (or
   * created) at the first sign-in or session, so that a folder the server may not write costs the
   * UI's sign-in only (a 503 page naming the file), not the API.
   */
  static UiAuth of(FeatureStore store, Clock clock) {
    if (!"api_key".equals(store.config().auth().type())) {
      return new UiAuth(null, clock);
    }
    ApiKeyFile file = ApiKeyFile.of(store.config());
    file.read();
    return new UiAuth(new LiveApiKeys(file, RECHECK, System::nanoTime), clock);
  }

  /** The tokens, signed with the secret beside the keys file, read or created on first use. */
  private SessionTokens tokens() {
    SessionTokens t = tokens;
    if (t == null) {
      synchronized (this) {
        t = tokens;
        if (t == null) {
          t = new SessionTokens(SessionSecret.loadOrCreate(keys.file().path()), clock);
          tokens = t;
        }
      }
    }
    return t;
  }

  /** Whether requests must sign in. */
  boolean required() {
    return keys != null;
  }

  /** The session of cookie value {@code token} (or {@code null}). */
  SessionTokens.Verdict verify(String token) {
    return tokens().verify(token, keys.keys());
  }

  /** The stored key that {@code key} is, if the keys file holds it now. */
  Optional<ApiKey> match(String key) {
    return keys.keys().match(key);
  }

  /** A new session token for {@code key}. */
  String issue(ApiKey key) {
    return tokens().issue(key, SESSION_LIFETIME);
  }

  /** The anti-forgery token of the forms of session {@code sessionToken}. */
  String csrfOfSession(String sessionToken) {
    return tokens().csrf(sessionToken);
  }

  boolean csrfOfSessionMatches(String sessionToken, String presented) {
    return tokens().csrfMatches(sessionToken, presented);
  }

  /** A new random value for the {@value #CSRF_COOKIE} cookie. */
  static String newCsrfCookieValue() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code presented} equals the {@value #CSRF_COOKIE} cookie's {@code cookie}. */
  static boolean csrfCookieMatches(String cookie, String presented) {
    return cookie != null
        && !cookie.isEmpty()
        && presented != null
        && MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code Set-Cookie} value of a session. */
  static String sessionCookie(String token, boolean secure) {
    return cookie(SESSION_COOKIE, token, SESSION_LIFETIME.toSeconds(), secure);
  }

  /** The {@code Set-Cookie} value that ends a session. */
  static String endSessionCookie(boolean secure) {
    return cookie(SESSION_COOKIE, "", 0, secure);
  }

  /** The {@code Set-Cookie} value of the anti-forgery cookie (for the browser's session). */
  static String csrfCookie(String value, boolean secure) {
    return cookie(CSRF_COOKIE, value, -1, secure);
  }

  private static String cookie(String name, String value, long maxAge, boolean secure) {
    StringBuilder b = new StringBuilder(name).append('=').append(value);
    b.append("; Path=").append(UiPaths.ROOT);
    if (maxAge >= 0) {
      b.append("; Max-Age=").append(maxAge);
    }
    b.append("; HttpOnly; SameSite=Strict");
    if (secure) {
      b.append("; Secure");
    }
    return b.toString();
  }
}
