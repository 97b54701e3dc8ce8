package dev.larder.ui;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The top handler of {@link UiServer}: {@code /ui…} goes to the UI, {@code /} redirects to {@code
 * /ui}, anything else is a 404.
 */
final class RootRedirect extends Handler.Wrapper {
  RootRedirect(WebUi ui) {
    super(ui);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path.equals(UiPaths.ROOT) || path.startsWith(UiPaths.ROOT + "/")) {
      return super.handle(request, response, callback);
    }
    if (path.equals("/")) {
      Response.sendRedirect(request, response, callback, 303, UiPaths.ROOT, false);
      return true;
    }
    Response.writeError(request, response, callback, 404, "The UI is at /ui");
    return true;
  }
}
