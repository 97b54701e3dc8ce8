package dev.larder.server;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server's top handler when something is {@link Mount}ed: a request under a mount's prefix goes
 * to that mount's handler (counted in the metrics under the prefix), every other request to the
 * route table of the API, unchanged. Jetty starts and stops the mounted handlers with the server.
 */
final class MountedHandlers extends Handler.Sequence {
  private final List<Mount> mounts;
  private final Handler api;
  private final ServerMetrics metrics;

  MountedHandlers(List<Mount> mounts, Handler api, ServerMetrics metrics) {
    super(handlers(mounts, api));
    this.mounts = List.copyOf(mounts);
    this.api = api;
    this.metrics = metrics;
  }

  private static List<Handler> handlers(List<Mount> mounts, Handler api) {
    List<Handler> all = new ArrayList<>();
    for (Mount m : mounts) {
      all.add(m.handler());
    }
    all.add(api);
    return all;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    for (Mount m : mounts) {
      if (m.covers(path)) {
        long start = System.nanoTime();
        Callback counted =
            new Callback() {
              @Override
              public void succeeded() {
                count();
                callback.succeeded();
              }

              @Override
              public void failed(Throwable cause) {
                count();
                callback.failed(cause);
              }

              @Override
              public InvocationType getInvocationType() {
                return callback.getInvocationType();
              }

              private void count() {
                metrics.request(m.prefix(), response.getStatus(), System.nanoTime() - start);
              }
            };
        if (!m.handler().handle(request, response, counted)) {
          Response.writeError(request, response, counted, 404);
        }
        return true;
      }
    }
    return api.handle(request, response, callback);
  }
}
