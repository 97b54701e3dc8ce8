package dev.larder.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed HTTP request, headers too large, a request refused during
 * shutdown) in the same JSON body as every other error, never an HTML page or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    Reply reply = reply(code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
  }

  private static Reply reply(int status, String message) {
    String text =
        message == null || message.isBlank()
            ? HttpStatus.getMessage(status)
            : ErrorMapping.publicText(ErrorMapping.quote(message));
    String code =
        switch (status) {
          case 400 -> "INVALID_ARGUMENT";
          case 404 -> "NOT_FOUND";
          case 408 -> "REQUEST_TIMEOUT";
          case 413 -> "PAYLOAD_TOO_LARGE";
          case 431 -> "HEADERS_TOO_LARGE";
          case 503 -> "UNAVAILABLE";
          default -> "HTTP_" + status;
        };
    return Reply.error(status, code, text);
  }
}
