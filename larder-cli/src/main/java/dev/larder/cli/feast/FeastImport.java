package dev.larder.cli.feast;

import dev.larder.cli.feast.FeastSources.NotCarried;
import dev.larder.cli.feast.proto.DataSource;
import dev.larder.cli.feast.proto.FeatureServiceSpec;
import dev.larder.cli.feast.proto.FeatureSpecV2;
import dev.larder.cli.feast.proto.FeatureViewProjection;
import dev.larder.cli.feast.proto.FeatureViewSpec;
import dev.larder.cli.feast.proto.NamedObject;
import dev.larder.cli.feast.proto.OnDemandFeatureViewSpec;
import dev.larder.cli.feast.proto.PermissionSpec;
import dev.larder.cli.feast.proto.Registry;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Field;
import dev.larder.core.model.Names;
import dev.larder.core.model.Permission;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.RolePolicy;
import dev.larder.core.model.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one project of a Feast registry into Larder definitions: its entities, file, Spark and push
 * sources, feature views, feature services and permissions. What has no counterpart in Larder
 * (warehouse and stream sources, on-demand and stream feature views, transformations, types Larder
 * lacks, policies other than roles) is left out and named in the {@link ImportReport} with the
 * reason; whatever depends on something left out is left out too.
 */
public final class FeastImport {
  /** The entity Feast gives feature views without entities. */
  static final String DUMMY_ENTITY = "__dummy";

  /** The outcome: the Larder project name, the definitions and the report. */
  public record Result(String project, RepoDefinitions definitions, ImportReport report) {}

  private final Registry registry;
  private final String project;
  private final ImportReport report = new ImportReport();
  private final FeastSources sourceConverter = new FeastSources(report);

  private final Map<String, Entity> entities = new LinkedHashMap<>();
  private final Map<String, dev.larder.core.model.DataSource> sources = new LinkedHashMap<>();
  private final Map<String, String> sourcesLeftOut = new LinkedHashMap<>();
  private final Map<String, FeatureView> views = new LinkedHashMap<>();
  private final Map<String, String> viewsLeftOut = new LinkedHashMap<>();
  private final List<FeatureService> services = new ArrayList<>();
  private final List<Permission> permissions = new ArrayList<>();

  private FeastImport(Registry registry, String project) {
    this.registry = registry;
    this.project = project;
  }

  /**
   * Converts the project {@code projectOption} of {@code registry} (read from {@code file}), or its
   * only project when {@code projectOption} is null.
   */
  public static Result convert(Registry registry, String projectOption, String file) {
    String project = chooseProject(registry, projectOption, file);
    FeastImport run = new FeastImport(registry, project);
    if (!run.hasObjects()) {
      throw new InvalidArgumentException(
          "the Feast registry "
              + file
              + " holds no definitions of project "
              + Echo.of(project)
              + "; there is nothing to import",
          "Run 'feast apply' in the Feast repository first, then import its registry again");
    }
    return run.convert();
  }

  private static String chooseProject(Registry registry, String option, String file) {
    Set<String> projects = new TreeSet<>();
    registry.getProjectsList().forEach(p -> projects.add(p.getSpec().getName()));
    registry.getProjectMetadataList().forEach(p -> projects.add(p.getProject()));
    registry.getEntitiesList().forEach(e -> projects.add(e.getSpec().getProject()));
    registry.getDataSourcesList().forEach(s -> projects.add(s.getProject()));
    registry.getFeatureViewsList().forEach(v -> projects.add(v.getSpec().getProject()));
    registry.getFeatureServicesList().forEach(s -> projects.add(s.getSpec().getProject()));
    registry.getPermissionsList().forEach(p -> projects.add(p.getSpec().getProject()));
    registry.getOnDemandFeatureViewsList().forEach(v -> projects.add(v.getSpec().getProject()));
    projects.remove("");
    if (option != null) {
      if (!projects.isEmpty() && !projects.contains(option)) {
        throw new InvalidArgumentException(
            "the Feast registry " + file + " has no project " + Echo.of(option),
            "Its projects: " + Names.listing(projects));
      }
      return requireProjectName(option);
    }
    if (projects.size() == 1) {
      return requireProjectName(projects.iterator().next());
    }
    if (projects.isEmpty()) {
      if (isEmpty(registry)) {
        throw new InvalidArgumentException(
            "the Feast registry " + file + " is empty: it holds no project and no definitions",
            "Run 'feast apply' in the Feast repository first, then import its registry again");
      }
      throw new InvalidArgumentException(
          "the Feast registry " + file + " does not name its project",
          "Give the project's name with --project NAME (project: in Feast's feature_store.yaml)");
    }
    throw new InvalidArgumentException(
        "the Feast registry " + file + " holds several projects: " + Names.listing(projects),
        "Choose one with --project NAME; a Larder repository holds one project");
  }

  private static String requireProjectName(String name) {
    if (!Names.isValid(name)) {
      throw new InvalidArgumentException(
          "Feast project "
              + Echo.of(name)
              + " is not a valid Larder project name (letters, digits and _ only)",
          "Rename the project in Feast, or edit project: in the imported feature_store.yaml");
    }
    return name;
  }

  private static boolean isEmpty(Registry r) {
    return r.getEntitiesCount() == 0
        && r.getDataSourcesCount() == 0
        && r.getFeatureViewsCount() == 0
        && r.getFeatureServicesCount() == 0
        && r.getPermissionsCount() == 0
        && r.getOnDemandFeatureViewsCount() == 0
        && r.getStreamFeatureViewsCount() == 0;
  }

  private boolean mine(String objectProject) {
    return objectProject.isEmpty() || objectProject.equals(project);
  }

  private boolean hasObjects() {
    return registry.getEntitiesList().stream()
            .anyMatch(e -> mine(e.getSpec().getProject()) && !isDummy(e.getSpec().getName()))
        || registry.getDataSourcesList().stream().anyMatch(s -> mine(s.getProject()))
        || registry.getFeatureViewsList().stream().anyMatch(v -> mine(v.getSpec().getProject()))
        || registry.getFeatureServicesList().stream().anyMatch(s -> mine(s.getSpec().getProject()))
        || registry.getPermissionsList().stream().anyMatch(p -> mine(p.getSpec().getProject()))
        || registry.getOnDemandFeatureViewsList().stream()
            .anyMatch(v -> mine(v.getSpec().getProject()))
        || registry.getStreamFeatureViewsList().stream()
            .anyMatch(v -> mine(v.getSpec().getProject()));
  }

  private static boolean isDummy(String entity) {
    return entity.equals(DUMMY_ENTITY);
  }

  private Result convert() {
    List<FeatureViewSpec> viewSpecs =
        registry.getFeatureViewsList().stream()
            .map(v -> v.getSpec())
            .filter(v -> mine(v.getProject()))
            .toList();
    convertEntities(viewSpecs);
    for (DataSource source : registry.getDataSourcesList()) {
      if (mine(source.getProject())) {
        addSource(source);
      }
    }
    Set<String> onDemand = reportOnDemandViews();
    reportOthers();
    for (FeatureViewSpec view : viewSpecs) {
      convertView(view);
    }
    for (var service : registry.getFeatureServicesList()) {
      if (mine(service.getSpec().getProject())) {
        convertService(service.getSpec(), onDemand);
      }
    }
    for (var permission : registry.getPermissionsList()) {
      if (mine(permission.getSpec().getProject())) {
        convertPermission(permission.getSpec());
      }
    }
    RepoDefinitions.Builder builder = RepoDefinitions.builder();
    builder.addAll(entities.values());
    builder.addAll(sources.values());
    builder.addAll(views.values());
    builder.addAll(services);
    builder.addAll(permissions);
    return new Result(project, builder.freeze(), report);
  }

  // --- entities ----------------------------------------------------------------------------

  private void convertEntities(List<FeatureViewSpec> viewSpecs) {
    for (var e : registry.getEntitiesList()) {
      var spec = e.getSpec();
      if (!mine(spec.getProject()) || isDummy(spec.getName())) {
        continue;
      }
      String what = "entity " + Echo.of(spec.getName());
      String joinKey = spec.getJoinKey().isEmpty() ? spec.getName() : spec.getJoinKey();
      Optional<ValueType> type;
      if (spec.getValueType() != dev.larder.cli.feast.proto.ValueType.Enum.INVALID) {
        type = FeastTypes.keyType(spec.getValueType());
        if (type.isEmpty()) {
          report.skip(
              what,
              "its value type "
                  + FeastTypes.feastName(spec.getValueType())
                  + " cannot be a Larder join key (INT32, INT64, FLOAT, DOUBLE, STRING, BOOL,"
                  + " BYTES and UNIX_TIMESTAMP can)");
          continue;
        }
      } else {
        try {
          type = Optional.of(inferredKeyType(spec.getName(), joinKey, viewSpecs));
        } catch (NotCarried reason) {
          report.skip(what, reason.getMessage());
          continue;
        }
      }
      try {
        ValueType valueType = type.get();
        entities.put(
            spec.getName(),
            FeastSources.build(
                () ->
                    new Entity(
                        spec.getName(),
                        List.of(joinKey),
                        valueType,
                        spec.getDescription(),
                        spec.getTagsMap(),
                        spec.getOwner())));
      } catch (NotCarried reason) {
        report.skip(what, reason.getMessage());
      }
    }
  }

  /**
   * The type of an entity declared without one, as {@code feast apply} inferred it from the data
   * and stored it in the {@code entity_columns} of the views that use the entity.
   */
  private static ValueType inferredKeyType(
      String entity, String joinKey, List<FeatureViewSpec> viewSpecs) throws NotCarried {
    Set<dev.larder.cli.feast.proto.ValueType.Enum> seen = new LinkedHashSet<>();
    for (FeatureViewSpec view : viewSpecs) {
      if (!view.getEntitiesList().contains(entity)) {
        continue;
      }
      for (FeatureSpecV2 column : view.getEntityColumnsList()) {
        if (column.getName().equals(joinKey)
            && column.getValueType() != dev.larder.cli.feast.proto.ValueType.Enum.INVALID) {
          seen.add(column.getValueType());
        }
      }
    }
    if (seen.isEmpty()) {
      throw new NotCarried(
          "it declares no value type and no feature view records its join key's type; give the"
              + " entity a value_type in Feast and run 'feast apply' again");
    }
    if (seen.size() > 1) {
      throw new NotCarried(
          "it declares no value type and its feature views record different types for "
              + Echo.of(joinKey)
              + " ("
              + String.join(", ", seen.stream().map(FeastTypes::feastName).toList())
              + ")");
    }
    var feastType = seen.iterator().next();
    return FeastTypes.keyType(feastType)
        .orElseThrow(
            () ->
                new NotCarried(
                    "its join key's type "
                        + FeastTypes.feastName(feastType)
                        + " cannot be a Larder join key"));
  }

  // --- sources -----------------------------------------------------------------------------

  /** Adds {@code source} unless a source of that name was met already; true if it is carried. */
  private boolean addSource(DataSource source) {
    String name = source.getName();
    if (sources.containsKey(name)) {
      return true;
    }
    if (sourcesLeftOut.containsKey(name)) {
      return false;
    }
    try {
      sources.put(name, sourceConverter.convert(source));
      return true;
    } catch (NotCarried reason) {
      sourcesLeftOut.put(name, reason.getMessage());
      report.skip("data source " + Echo.of(name), reason.getMessage());
      return false;
    }
  }

  // --- objects reported only ---------------------------------------------------------------

  private Set<String> reportOnDemandViews() {
    Set<String> names = new LinkedHashSet<>();
    for (var view : registry.getOnDemandFeatureViewsList()) {
      OnDemandFeatureViewSpec spec = view.getSpec();
      if (!mine(spec.getProject())) {
        continue;
      }
      names.add(spec.getName());
      List<String> features = spec.getFeaturesList().stream().map(FeatureSpecV2::getName).toList();
      report.skip(
          "on-demand feature view " + Echo.of(spec.getName()),
          "Larder has no on-demand feature views (Python run at request time); compute "
              + (features.isEmpty() ? "its features" : String.join(", ", features))
              + " in the application, or write them into a batch source and define a feature"
              + " view over it");
    }
    return names;
  }

  private void reportOthers() {
    reportNamed(
        registry.getStreamFeatureViewsList(),
        "stream feature view",
        "Larder has no stream processing; push fresh rows through a push source (POST /push)"
            + " into a feature view instead");
    reportNamed(
        registry.getSavedDatasetsList(),
        "saved dataset",
        "Larder keeps no saved datasets; write retrieval results to a file with"
            + " get-historical-features --output");
    reportNamed(
        registry.getLabelViewsList(),
        "label view",
        "Larder has no label views; keep labels in a batch source read by a feature view");
    for (var reference : registry.getValidationReferencesList()) {
      if (mine(reference.getProject())) {
        report.skip(
            "validation reference " + Echo.of(reference.getName()),
            "Larder has no data validation profiles");
      }
    }
    for (var table : registry.getFeatureTablesList()) {
      if (mine(table.getSpec().getProject())) {
        report.skip(
            "feature table " + Echo.of(table.getSpec().getName()),
            "feature tables are Feast's legacy kind; define a feature view instead");
      }
    }
  }

  private void reportNamed(List<NamedObject> objects, String kind, String why) {
    for (NamedObject object : objects) {
      if (mine(object.getSpec().getProject())) {
        report.skip(kind + " " + Echo.of(object.getSpec().getName()), why);
      }
    }
  }

  // --- feature views -----------------------------------------------------------------------

  private void convertView(FeatureViewSpec view) {
    String what = "feature view " + Echo.of(view.getName());
    try {
      FeatureView converted = featureView(view, what);
      views.put(converted.name(), converted);
    } catch (NotCarried reason) {
      viewsLeftOut.put(view.getName(), reason.getMessage());
      report.skip(what, reason.getMessage());
    }
  }

  private FeatureView featureView(FeatureViewSpec view, String what) throws NotCarried {
    if (view.hasFeatureTransformation() || view.getSourceViewsCount() > 0) {
      throw new NotCarried(
          "it computes its features with a transformation"
              + (view.getMode().isEmpty() ? "" : " (mode " + view.getMode() + ")")
              + ", which Larder does not run; write the transformed rows into a batch source and"
              + " define a feature view over it");
    }
    List<String> viewEntities = new ArrayList<>();
    for (String entity : view.getEntitiesList()) {
      if (isDummy(entity)) {
        continue;
      }
      if (!entities.containsKey(entity)) {
        throw new NotCarried("its entity " + Echo.of(entity) + " is not carried over");
      }
      viewEntities.add(entity);
    }
    String source = viewSource(view, what);
    List<Field> schema = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (FeatureSpecV2 feature : view.getFeaturesList()) {
      Optional<FeatureType> type = FeastTypes.featureType(feature.getValueType());
      if (type.isEmpty()) {
        report.skip(
            what + ": feature " + Echo.of(feature.getName()),
            "its type "
                + FeastTypes.feastName(feature.getValueType())
                + " has no Larder counterpart; the view is carried over without it");
        continue;
      }
      if (!feature.getDescription().isEmpty() || feature.getTagsCount() > 0) {
        described.add(feature.getName());
      }
      schema.add(FeastSources.build(() -> new Field(feature.getName(), type.get())));
    }
    if (schema.isEmpty()) {
      throw new NotCarried("none of its features has a type Larder has");
    }
    if (!described.isEmpty()) {
      report.note(
          what
              + ": the descriptions and tags of "
              + (described.size() == 1 ? "feature " : "features ")
              + String.join(", ", described)
              + " are not carried over (Larder's schema fields hold a name and a dtype)");
    }
    Duration ttl = Duration.ofSeconds(view.getTtl().getSeconds(), view.getTtl().getNanos());
    if (ttl.isNegative()) {
      throw new NotCarried("its ttl " + ttl + " is negative");
    }
    return FeastSources.build(
        () ->
            new FeatureView(
                view.getName(),
                viewEntities,
                ttl,
                source,
                schema,
                view.getOnline(),
                view.getDescription(),
                view.getTagsMap(),
                view.getOwner()));
  }

  /**
   * The name of the source a view reads: its push source when it has one, else its batch source. A
   * source that the registry's list of sources lacks is taken from the view itself.
   */
  private String viewSource(FeatureViewSpec view, String what) throws NotCarried {
    if (view.hasStreamSource()) {
      DataSource stream = view.getStreamSource();
      if (stream.getType() == DataSource.SourceType.PUSH_SOURCE) {
        return carried(stream, view.getName());
      }
      report.note(
          what
              + ": its stream source "
              + Echo.of(stream.getName())
              + " ("
              + stream.getType().name()
              + ") is not carried over; the view reads its batch source "
              + Echo.of(view.getBatchSource().getName())
              + " (push fresh rows through a push source instead)");
    }
    if (!view.hasBatchSource()) {
      throw new NotCarried("it has no batch source");
    }
    return carried(view.getBatchSource(), view.getName());
  }

  private String carried(DataSource source, String viewName) throws NotCarried {
    DataSource named =
        source.getName().isEmpty()
            ? source.toBuilder().setName(viewName + "_source").build()
            : source;
    if (!addSource(named)) {
      throw new NotCarried(
          "its source "
              + Echo.of(named.getName())
              + " is not carried over ("
              + sourcesLeftOut.get(named.getName())
              + ")");
    }
    return named.getName();
  }

  // --- feature services --------------------------------------------------------------------

  private void convertService(FeatureServiceSpec spec, Set<String> onDemand) {
    String what = "feature service " + Echo.of(spec.getName());
    List<dev.larder.core.model.FeatureViewProjection> projections = new ArrayList<>();
    for (FeatureViewProjection p : spec.getFeaturesList()) {
      String view = p.getFeatureViewName();
      String part = what + ": its projection of " + Echo.of(view);
      FeatureView carried = views.get(view);
      if (carried == null) {
        String why =
            onDemand.contains(view)
                ? "on-demand feature view " + Echo.of(view) + " is not carried over"
                : "feature view "
                    + Echo.of(view)
                    + " is not carried over"
                    + (viewsLeftOut.containsKey(view) ? " (" + viewsLeftOut.get(view) + ")" : "");
        report.skip(part, why + "; the service is carried over without it");
        continue;
      }
      List<String> features = new ArrayList<>();
      for (FeatureSpecV2 column : p.getFeatureColumnsList()) {
        if (carried.field(column.getName()).isPresent()) {
          features.add(column.getName());
        } else {
          report.skip(
              part + ": feature " + Echo.of(column.getName()),
              "the view is carried over without it, and so is the service");
        }
      }
      if (features.isEmpty() && p.getFeatureColumnsCount() > 0) {
        report.skip(part, "none of its features is carried over");
        continue;
      }
      List<String> selected = features.equals(carried.featureNames()) ? List.of() : features;
      if (p.hasVersionTag()) {
        report.note(
            part
                + ": the pin to Feast's version "
                + p.getVersionTag()
                + " is not carried over (Larder numbers its own versions from 1); it reads the"
                + " latest version");
      }
      String alias = FeastSources.blankToNull(p.getFeatureViewNameAlias());
      Map<String, String> joinKeyMap = p.getJoinKeyMapMap();
      try {
        projections.add(
            FeastSources.build(
                () ->
                    new dev.larder.core.model.FeatureViewProjection(
                        view, selected, null, alias, joinKeyMap)));
      } catch (NotCarried reason) {
        report.skip(part, reason.getMessage());
      }
    }
    if (projections.isEmpty()) {
      report.skip(what, "none of its projections is carried over");
      return;
    }
    if (spec.hasLoggingConfig()) {
      report.note(what + ": its feature logging (logging_config) is not carried over");
    }
    try {
      services.add(
          FeastSources.build(
              () ->
                  new FeatureService(
                      spec.getName(),
                      projections,
                      spec.getDescription(),
                      spec.getTagsMap(),
                      spec.getOwner())));
    } catch (NotCarried reason) {
      report.skip(what, reason.getMessage());
    }
  }

  // --- permissions -------------------------------------------------------------------------

  private void convertPermission(PermissionSpec spec) {
    String what = "permission " + Echo.of(spec.getName());
    var policy = spec.getPolicy();
    if (!policy.hasRoleBasedPolicy()) {
      report.skip(
          what,
          "its policy "
              + (policy.hasGroupBasedPolicy()
                  ? "allows groups"
                  : policy.hasNamespaceBasedPolicy()
                      ? "allows namespaces"
                      : policy.hasCombinedGroupNamespacePolicy()
                          ? "allows groups and namespaces"
                          : "allows every user (Feast's AllowAll)")
              + "; Larder's policies allow roles (LARDER_ROLES, API keys' roles): write"
              + " policy: {roles: [...]} for it");
      return;
    }
    Set<DefinitionKind> kinds = EnumSet.noneOf(DefinitionKind.class);
    List<String> dropped = new ArrayList<>();
    List<PermissionSpec.Type> types =
        spec.getTypesCount() == 0 ? List.of(PermissionSpec.Type.values()) : spec.getTypesList();
    for (PermissionSpec.Type type : types) {
      Optional<DefinitionKind> kind = kind(type);
      if (kind.isPresent()) {
        kinds.add(kind.get());
      } else if (type != PermissionSpec.Type.UNRECOGNIZED) {
        dropped.add(type.name());
      }
    }
    if (kinds.isEmpty()) {
      report.skip(
          what,
          "it governs only "
              + String.join(", ", dropped)
              + ", which Larder does not have (no such objects are carried over)");
      return;
    }
    if (!dropped.isEmpty() && spec.getTypesCount() > 0) {
      report.note(
          what
              + ": types "
              + String.join(", ", dropped)
              + " are left out (Larder has no such objects)");
    }
    Set<AccessAction> actions = EnumSet.noneOf(AccessAction.class);
    for (PermissionSpec.AuthzedAction action : spec.getActionsList()) {
      if (action != PermissionSpec.AuthzedAction.UNRECOGNIZED) {
        actions.add(AccessAction.valueOf(action.name()));
      }
    }
    try {
      permissions.add(
          FeastSources.build(
              () ->
                  new Permission(
                      spec.getName(),
                      kinds,
                      spec.getNamePatternsList(),
                      spec.getRequiredTagsMap(),
                      actions,
                      new RolePolicy(policy.getRoleBasedPolicy().getRolesList()),
                      "",
                      spec.getTagsMap())));
    } catch (NotCarried reason) {
      report.skip(what, reason.getMessage());
    }
  }

  /** The Larder kind a Feast permission type governs; empty for kinds Larder does not have. */
  private static Optional<DefinitionKind> kind(PermissionSpec.Type type) {
    return Optional.ofNullable(
        switch (type) {
          case FEATURE_VIEW, BATCH_FEATURE_VIEW -> DefinitionKind.FEATURE_VIEW;
          case ENTITY -> DefinitionKind.ENTITY;
          case FEATURE_SERVICE -> DefinitionKind.FEATURE_SERVICE;
          case DATA_SOURCE -> DefinitionKind.DATA_SOURCE;
          case PERMISSION -> DefinitionKind.PERMISSION;
          default -> null;
        });
  }
}
