package dev.larder.ui;

/**
 * A group of UI pages: registers its routes. The UI's modules are listed, in plain code, in {@link
 * WebUi#MODULES}.
 */
@FunctionalInterface
public interface UiModule {
  void register(UiRoutes routes);
}
