package dev.larder.core;

/**
 * The stable kinds of error. Users can search for them; the CLI and the server each map them in one
 * place (to exit codes and HTTP statuses).
 */
public enum ErrorCode {
  /** A value given by the user is malformed or out of range. */
  INVALID_ARGUMENT,
  /** A definition file or object is invalid. */
  INVALID_DEFINITION,
  /** A file, table, object or key that was asked for does not exist. */
  NOT_FOUND,
  /** Something that must not exist already does (a database without --force, say). */
  ALREADY_EXISTS,
  /** Another process changed the same thing concurrently; re-running resolves it. */
  CONFLICT,
  /** The caller may not do this. */
  PERMISSION_DENIED,
  /** A request, or what it asks for, is larger than a configured limit. */
  TOO_LARGE,
  /** The caller gave no credentials, or bad ones, where they are required. */
  UNAUTHENTICATED,
  /** A backend (database, file system, native library) failed. */
  BACKEND_UNAVAILABLE,
  /** A bug in Larder. */
  INTERNAL
}
