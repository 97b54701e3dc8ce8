package dev.larder.ui.pages;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.access.AccessPolicy;
import dev.larder.core.access.Resource;
import dev.larder.core.access.Visibility;
import dev.larder.core.lineage.NodeKind;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.Field;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Permission;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.SparkSource;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.ObjectMetadata;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistryEntry;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.repo.DefinitionYaml;
import dev.larder.core.time.IsoTimes;
import dev.larder.ui.Page;
import dev.larder.ui.UiError;
import dev.larder.ui.UiModule;
import dev.larder.ui.UiPaths;
import dev.larder.ui.UiRequest;
import dev.larder.ui.UiResponse;
import dev.larder.ui.UiRoutes;
import dev.larder.ui.catalog.HiddenNames;
import dev.larder.ui.catalog.UsageIndex;
import dev.larder.ui.catalog.VersionComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page of each object, one route per kind ({@code /ui/entities/{name}}, {@code
 * /ui/data-sources/{name}}, {@code /ui/feature-views/{name}}, {@code /ui/feature-services/{name}},
 * {@code /ui/permissions/{name}}): its YAML as {@code larder … describe} prints it, its fields and
 * schema, tags, owner and description, and where it is used (links). A feature view's page also
 * lists every version (when, by whom, impact, changes) and compares any two chosen versions field
 * by field ({@code ?from=1&to=3}). Everything comes from the request's registry snapshot and runs,
 * filtered by what the principal may describe; an object it may not describe is a 404, as one that
 * does not exist.
 */
public final class ObjectPages implements UiModule {

  @Override
  public void register(UiRoutes routes) {
    routes.get("/ui/entities/{name}", this::entity);
    routes.get("/ui/data-sources/{name}", this::dataSource);
    routes.get("/ui/feature-views/{name}", this::featureView);
    routes.get("/ui/feature-services/{name}", this::featureService);
    routes.get("/ui/permissions/{name}", this::permission);
  }

  /** A link for the page. */
  public record Link(String label, String href) {}

  /** A labelled value of the page's facts table. */
  public record Fact(String label, String value) {}

  /**
   * What every object page shows at the top.
   *
   * @param page the layout's model
   * @param kind the kind, for people ({@code feature view})
   * @param name the object's name
   * @param description its description ({@code ""} when none)
   * @param owner its owner ({@code ""} when none)
   * @param tags its tags
   * @param created when it was first applied
   * @param lastUpdated when it last changed
   * @param yaml the YAML of {@code larder … describe NAME}, or {@code null} when it names an object
   *     the principal may not describe (the page then says so instead)
   * @param lineage its lineage page, or {@code null} for kinds without lineage
   * @param facts the kind's own fields
   */
  public record Header(
      Page page,
      String kind,
      String name,
      String description,
      String owner,
      Map<String, String> tags,
      String created,
      String lastUpdated,
      String yaml,
      String lineage,
      List<Fact> facts) {

    /** This header without its YAML when {@code hidesReference}: the YAML names a hidden object. */
    Header withoutYamlIf(boolean hidesReference) {
      return hidesReference
          ? new Header(
              page,
              kind,
              name,
              description,
              owner,
              tags,
              created,
              lastUpdated,
              null,
              lineage,
              facts)
          : this;
    }
  }

  /** An entity's page. */
  public record EntityPage(Header header, List<Link> views) {}

  /** A data source's page. */
  public record SourcePage(Header header, List<Link> views, List<Link> pushSources) {}

  /** A feature of a view's schema. */
  public record SchemaRow(
      String name, String dtype, String description, Map<String, String> tags) {}

  /** A join key of a view, from its entity. */
  public record KeyRow(String key, String valueType, Link entity) {}

  /** One version of a view. */
  public record VersionRow(
      String label,
      int number,
      String appliedAt,
      String appliedBy,
      String impact,
      String summary,
      String sha256,
      long revision) {}

  /**
   * A feature view's page.
   *
   * @param comparison the diff between the chosen versions, or {@code null} when the view has one
   *     version
   */
  public record ViewPage(
      Header header,
      List<SchemaRow> schema,
      List<KeyRow> keys,
      Link source,
      List<VersionRow> versions,
      VersionComparison comparison,
      List<Link> services,
      List<Link> runs) {}

  /** One projection of a service. */
  public record ProjectionRow(
      Link view, String features, String version, String alias, String joinKeyMap) {}

  /** A feature service's page. */
  public record ServicePage(Header header, List<ProjectionRow> projections, List<Link> runs) {}

  /** A permission's page: what it covers among the objects the principal may see. */
  public record PermissionPage(Header header, List<Link> covers) {}

  private UiResponse entity(UiRequest r) {
    String name = r.pathParam("name");
    r.requireVisible(DefinitionKind.ENTITY, name);
    RegistrySnapshot snapshot = r.snapshot();
    Entity e = snapshot.definitions().entity(name).orElseThrow();
    UsageIndex usage = usage(r);
    List<Fact> facts =
        List.of(
            new Fact("join keys", String.join(", ", e.joinKeys())),
            new Fact("value type", e.valueType().name()));
    Header header =
        header(r, e, "Entity " + name, e.description(), e.owner(), e.tags(), null, facts);
    return r.render(
        "pages/entity.jte",
        new EntityPage(header, links(DefinitionKind.FEATURE_VIEW, usage.viewsOfEntity(name))));
  }

  private UiResponse dataSource(UiRequest r) {
    String name = r.pathParam("name");
    r.requireVisible(DefinitionKind.DATA_SOURCE, name);
    RegistrySnapshot snapshot = r.snapshot();
    DataSource s = snapshot.definitions().source(name).orElseThrow();
    UsageIndex usage = usage(r);
    HiddenNames hidden = new HiddenNames(r.visibility());
    List<Fact> facts = new ArrayList<>();
    if (s instanceof PushSource push) {
      facts.add(new Fact("type", "push"));
      facts.add(
          new Fact(
              "batch source", hidden.name(DefinitionKind.DATA_SOURCE, push.batchSource().name())));
      batchFacts(push.batchSource(), facts);
    } else {
      batchFacts((BatchSource) s, facts);
    }
    boolean hidesReference =
        s instanceof PushSource push
            && hidden.hides(DefinitionKind.DATA_SOURCE, push.batchSource().name());
    Header header =
        header(r, s, "Data source " + name, "", "", Map.of(), lineage(NodeKind.SOURCE, name), facts)
            .withoutYamlIf(hidesReference);
    return r.render(
        "pages/dataSource.jte",
        new SourcePage(
            header,
            links(DefinitionKind.FEATURE_VIEW, usage.viewsOfSource(name)),
            links(DefinitionKind.DATA_SOURCE, usage.pushSourcesOf(name))));
  }

  private static void batchFacts(BatchSource source, List<Fact> facts) {
    if (source instanceof FileSource f) {
      facts.add(new Fact("type", "file"));
      facts.add(new Fact("path", f.path()));
      facts.add(new Fact("timestamp field", f.timestampField()));
      if (f.createdTimestampColumn() != null) {
        facts.add(new Fact("created timestamp column", f.createdTimestampColumn()));
      }
      if (!f.fieldMapping().isEmpty()) {
        facts.add(new Fact("field mapping", f.fieldMapping().toString()));
      }
    } else if (source instanceof SparkSource s) {
      facts.add(new Fact("type", "spark"));
      facts.add(s.isTable() ? new Fact("table", s.table()) : new Fact("query", s.query()));
      facts.add(new Fact("timestamp field", s.timestampField()));
      if (s.createdTimestampColumn() != null) {
        facts.add(new Fact("created timestamp column", s.createdTimestampColumn()));
      }
      if (!s.fieldMapping().isEmpty()) {
        facts.add(new Fact("field mapping", s.fieldMapping().toString()));
      }
    }
  }

  private UiResponse featureView(UiRequest r) {
    String name = r.pathParam("name");
    r.requireVisible(DefinitionKind.FEATURE_VIEW, name);
    RegistrySnapshot snapshot = r.snapshot();
    RepoDefinitions definitions = snapshot.definitions();
    FeatureView v = definitions.featureView(name).orElseThrow();
    Visibility visibility = r.visibility();
    HiddenNames hidden = new HiddenNames(visibility);
    UsageIndex usage = usage(r);
    List<Fact> facts = new ArrayList<>();
    facts.add(
        new Fact(
            "entities",
            v.entities().isEmpty()
                ? "(none)"
                : String.join(", ", hidden.names(DefinitionKind.ENTITY, v.entities()))));
    facts.add(new Fact("ttl", v.ttl().isZero() ? "0 (unlimited)" : DefinitionYaml.ttl(v.ttl())));
    facts.add(new Fact("online", Boolean.toString(v.online())));
    snapshot.latestVersion(name).ifPresent(ver -> facts.add(new Fact("version", ver.label())));
    Header header =
        header(
                r,
                v,
                "Feature view " + name,
                v.description(),
                v.owner(),
                v.tags(),
                lineage(NodeKind.VIEW, name),
                facts)
            .withoutYamlIf(
                hidden.hides(DefinitionKind.DATA_SOURCE, v.source())
                    || v.entities().stream().anyMatch(e -> hidden.hides(DefinitionKind.ENTITY, e)));
    List<SchemaRow> schema = new ArrayList<>();
    for (Field f : v.schema()) {
      schema.add(new SchemaRow(f.name(), f.dtype().spelling(), f.description(), f.tags()));
    }
    List<KeyRow> keys = new ArrayList<>();
    for (String entityName : v.entities()) {
      Optional<Entity> e = definitions.entity(entityName);
      if (e.isEmpty()) {
        continue;
      }
      Link link =
          visibility.sees(DefinitionKind.ENTITY, entityName)
              ? new Link(entityName, UiPaths.entity(entityName))
              : new Link(HiddenNames.MARKER, null);
      for (String key : e.get().joinKeys()) {
        keys.add(new KeyRow(key, e.get().valueType().name(), link));
      }
    }
    Link source =
        visibility.sees(DefinitionKind.DATA_SOURCE, v.source())
            ? new Link(v.source(), UiPaths.dataSource(v.source()))
            : new Link(HiddenNames.MARKER, null);
    List<FeatureViewVersion> history = snapshot.versions(name);
    List<VersionRow> versions = new ArrayList<>();
    for (FeatureViewVersion ver : history) {
      versions.add(
          new VersionRow(
              ver.label(),
              ver.number(),
              IsoTimes.format(ver.appliedAt()),
              ver.appliedBy(),
              ver.impactLabel(),
              ver.summary(),
              ver.sha256(),
              ver.revision()));
    }
    VersionComparison comparison = null;
    if (history.size() > 1) {
      int last = history.get(history.size() - 1).number();
      int from = r.positiveQuery("from", last - 1);
      int to = r.positiveQuery("to", last);
      try {
        comparison = VersionComparison.between(history, from, to);
      } catch (InvalidArgumentException e) {
        throw UiError.badRequest(e.getMessage() + ". " + e.hint());
      }
    }
    List<Link> runs = new ArrayList<>();
    for (RecordedRun run : usage.runsOfView(name)) {
      runs.add(new Link(run.id(), UiPaths.run(run.id())));
    }
    return r.render(
        "pages/featureView.jte",
        new ViewPage(
            header,
            schema,
            keys,
            source,
            versions,
            comparison,
            links(DefinitionKind.FEATURE_SERVICE, usage.servicesOfView(name)),
            runs));
  }

  private UiResponse featureService(UiRequest r) {
    String name = r.pathParam("name");
    r.requireVisible(DefinitionKind.FEATURE_SERVICE, name);
    RegistrySnapshot snapshot = r.snapshot();
    FeatureService s = snapshot.definitions().featureService(name).orElseThrow();
    Visibility visibility = r.visibility();
    UsageIndex usage = usage(r);
    List<ProjectionRow> projections = new ArrayList<>();
    for (FeatureViewProjection p : s.projections()) {
      String view = p.featureView();
      Link link =
          visibility.sees(DefinitionKind.FEATURE_VIEW, view)
              ? new Link(view, UiPaths.featureView(view))
              : new Link(HiddenNames.MARKER, null);
      projections.add(
          new ProjectionRow(
              link,
              p.features().isEmpty() ? "(all features)" : String.join(", ", p.features()),
              p.version() == null ? "latest" : "v" + p.version(),
              p.nameAlias() == null ? "" : p.nameAlias(),
              p.joinKeyMap().isEmpty() ? "" : p.joinKeyMap().toString()));
    }
    List<Fact> facts = List.of(new Fact("projections", Integer.toString(projections.size())));
    Header header =
        header(
                r,
                s,
                "Feature service " + name,
                s.description(),
                s.owner(),
                s.tags(),
                lineage(NodeKind.SERVICE, name),
                facts)
            .withoutYamlIf(
                s.projections().stream()
                    .anyMatch(p -> !visibility.sees(DefinitionKind.FEATURE_VIEW, p.featureView())));
    List<Link> runs = new ArrayList<>();
    for (RecordedRun run : usage.runsOfService(name)) {
      runs.add(new Link(run.id(), UiPaths.run(run.id())));
    }
    return r.render("pages/featureService.jte", new ServicePage(header, projections, runs));
  }

  private UiResponse permission(UiRequest r) {
    String name = r.pathParam("name");
    r.requireVisible(DefinitionKind.PERMISSION, name);
    RegistrySnapshot snapshot = r.snapshot();
    RepoDefinitions definitions = snapshot.definitions();
    Permission p =
        definitions.permissions().stream()
            .filter(x -> x.name().equals(name))
            .findFirst()
            .orElseThrow();
    Visibility visibility = r.visibility();
    List<Fact> facts = new ArrayList<>();
    facts.add(new Fact("types", String.join(", ", p.typeSpellings())));
    facts.add(
        new Fact(
            "name patterns",
            p.namePatterns().isEmpty() ? "(any name)" : String.join(" | ", p.namePatterns())));
    facts.add(
        new Fact(
            "required tags", p.requiredTags().isEmpty() ? "(none)" : p.requiredTags().toString()));
    facts.add(
        new Fact(
            "actions",
            String.join(", ", p.actions().stream().map(AccessAction::spelling).toList())));
    facts.add(new Fact("roles", String.join(", ", p.policy().roles())));
    Header header = header(r, p, "Permission " + name, p.description(), "", p.tags(), null, facts);
    List<Link> covers = new ArrayList<>();
    for (Definition d : definitions.all()) {
      if (visibility.sees(d) && AccessPolicy.covers(p, Resource.of(d))) {
        covers.add(new Link(d.kind().label() + " " + d.name(), UiPaths.object(d.kind(), d.name())));
      }
    }
    return r.render("pages/permission.jte", new PermissionPage(header, covers));
  }

  private static Header header(
      UiRequest r,
      Definition d,
      String title,
      String description,
      String owner,
      Map<String, String> tags,
      String lineage,
      List<Fact> facts) {
    RegistrySnapshot snapshot = r.snapshot();
    ObjectMetadata meta = snapshot.metadata(d);
    RegistryEntry entry = RegistryEntry.of(snapshot, d);
    return new Header(
        r.page(title, UiPaths.segment(d.kind())),
        d.kind().label(),
        d.name(),
        description == null ? "" : description,
        owner == null ? "" : owner,
        tags == null ? Map.of() : tags,
        IsoTimes.format(meta.created()),
        IsoTimes.format(meta.lastUpdated()),
        entry.describeYaml(),
        lineage,
        facts);
  }

  private static String lineage(NodeKind kind, String name) {
    return LineagePage.href(kind, name);
  }

  private static UsageIndex usage(UiRequest r) {
    return UsageIndex.of(r.snapshot(), r.runs(), r.visibility());
  }

  /** Links to the pages of the objects of {@code kind} called {@code names}. */
  private static List<Link> links(DefinitionKind kind, List<String> names) {
    return names.stream().map(n -> new Link(n, UiPaths.object(kind, n))).toList();
  }
}
