package dev.larder.core.access;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens of the web UI: what its login cookie holds after an API key was accepted, so the
 * browser never keeps the key. A token is opaque to the browser and needs no server-side state:
 *
 * <pre>
 * v1.&lt;key name, base64url&gt;.&lt;key created, epoch s&gt;.&lt;expires, epoch s&gt;.&lt;nonce&gt;.&lt;HMAC-SHA256&gt;
 * </pre>
 *
 * signed with the repository's session secret ({@link SessionSecret}, kept beside the keys file),
 * so every server of a fleet that reads the same keys file accepts the tokens of every other. It
 * names the key, not its roles: {@link #verify} looks the key up in the keys file as it is now, so
 * a revoked key (or one revoked and added again under the same name, which has another creation
 * time) ends its sessions as soon as the server sees the changed file. Comparison of signatures is
 * constant-time.
 *
 * <p>{@link #csrf} derives the token that the UI's forms carry from a session token (an HMAC with
 * the same secret), checked on every POST by {@link #csrfMatches}: a page of another site can make
 * a browser send the cookie, but cannot read it or the token.
 */
public final class SessionTokens {
  /** The version prefix of a token. */
  static final String VERSION = "v1";

  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** Why a token was not accepted (for tests and logs; users only see "sign in again"). */
  public enum Rejection {
    /** Not a token of this format. */
    MALFORMED,
    /** The signature does not match: altered, or signed with another secret. */
    BAD_SIGNATURE,
    /** Its time is up. */
    EXPIRED,
    /** Its key is no longer in the keys file (revoked, or revoked and added again). */
    REVOKED
  }

  /**
   * What {@link #verify} found: the principal of an accepted token, or why it was rejected.
   *
   * @param principal the key's user and its roles now; {@code null} when rejected
   * @param expires when the token expires; {@code null} when rejected
   * @param rejection why it was rejected; {@code null} when accepted
   */
  public record Verdict(Principal principal, Instant expires, Rejection rejection) {
    public boolean accepted() {
      return rejection == null;
    }

    static Verdict rejected(Rejection why) {
      return new Verdict(null, null, why);
    }
  }

  private final SecretKeySpec secret;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * Tokens signed with {@code secret} (at least 32 bytes), timed by {@code clock}.
   *
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes
   */
  public SessionTokens(byte[] secret, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < SessionSecret.BYTES) {
      throw new IllegalArgumentException(
          "a session secret needs at least " + SessionSecret.BYTES + " bytes");
    }
    this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = new SecureRandom();
  }

  /** A new token for {@code key}, valid for {@code lifetime} from now. */
  public String issue(ApiKey key, Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("a session lifetime must be positive, got " + lifetime);
    }
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    long expires = clock.instant().plus(lifetime).getEpochSecond();
    String body =
        VERSION
            + "."
            + B64.encodeToString(key.name().getBytes(StandardCharsets.UTF_8))
            + "."
            + key.created().getEpochSecond()
            + "."
            + expires
            + "."
            + B64.encodeToString(nonce);
    return body + "." + B64.encodeToString(mac("session", body));
  }

  /**
   * Checks {@code token} (or {@code null}) against the signature, the clock and {@code keys} as
   * they are now.
   */
  public Verdict verify(String token, ApiKeys keys) {
    if (token == null || token.length() > 1024) {
      return Verdict.rejected(Rejection.MALFORMED);
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 6
        || !parts[0].equals(VERSION)
        || !NAME.matcher(parts[1]).matches()
        || !NUMBER.matcher(parts[2]).matches()
        || !NUMBER.matcher(parts[3]).matches()
        || !NAME.matcher(parts[4]).matches()
        || !NAME.matcher(parts[5]).matches()) {
      return Verdict.rejected(Rejection.MALFORMED);
    }
    String body = token.substring(0, token.lastIndexOf('.'));
    byte[] signature;
    String name;
    try {
      signature = B64D.decode(parts[5]);
      name = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Verdict.rejected(Rejection.MALFORMED);
    }
    if (!MessageDigest.isEqual(signature, mac("session", body))) {
      return Verdict.rejected(Rejection.BAD_SIGNATURE);
    }
    Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
    if (!clock.instant().isBefore(expires)) {
      return Verdict.rejected(Rejection.EXPIRED);
    }
    long created = Long.parseLong(parts[2]);
    Optional<ApiKey> key = keys.named(name);
    if (key.isEmpty() || key.get().created().getEpochSecond() != created) {
      return Verdict.rejected(Rejection.REVOKED);
    }
    return new Verdict(key.get().principal(), expires, null);
  }

  /** The token that forms of the session {@code sessionToken} carry against request forgery. */
  public String csrf(String sessionToken) {
    return B64.encodeToString(mac("csrf", Objects.requireNonNull(sessionToken, "sessionToken")));
  }

  /** Whether {@code presented} (or {@code null}) is the form token of {@code sessionToken}. */
  public boolean csrfMatches(String sessionToken, String presented) {
    if (sessionToken == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        csrf(sessionToken).getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code purpose}, a zero byte, and {@code text}. */
  private byte[] mac(String purpose, String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      byte[] p = purpose.getBytes(StandardCharsets.US_ASCII);
      byte[] t = text.getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(p.length + 1).put(p).put((byte) 0).flip());
      return mac.doFinal(t);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
