import Foundation
import Hummingbird
import LearningCore
import Logging
import Prometheus
import Redis
import Storage

/// The long-lived pieces every route shares.
public struct AppServices: Sendable {
    public let database: Database
    public let auth: AuthService
    public let users: UserRepository
    public let lessons: LessonRepository
    public let progress: ProgressRepository
    public let learningData: LearningDataRepository
    public let modelVersions: ModelVersionRepository
    let models: ModelStore
    let recommenders: RecommenderCache
    public let experiments: ExperimentService
    public let notifications: NotificationRuntime
    public let notificationRepository: NotificationRepository
    /// Issue 11: Redis (when configured) and the boards; docs/redis.md.
    public let redis: RedisClient?
    public let leaderboards: LeaderboardRuntime
    /// Issue 11: lesson and recommendation caches shared by the replicas; docs/redis.md.
    public let caches: CacheRuntime

    public init(database: Database, configuration: AppConfiguration) async {
        self.database = database
        self.auth = await AuthService(secret: configuration.jwtSecret, bcryptCost: configuration.bcryptCost,
                                      tokenLifetime: configuration.tokenLifetime, previousSecret: configuration.jwtPreviousSecret,
                                      refreshLifetime: configuration.refreshTokenLifetime)
        self.users = UserRepository(database: database)
        self.lessons = LessonRepository(database: database)
        let models = ModelStore(database: database)
        self.models = models
        self.learningData = LearningDataRepository(database: database)
        self.modelVersions = ModelVersionRepository(database: database)
        self.recommenders = RecommenderCache()
        self.experiments = ExperimentService(repository: ExperimentRepository(database: database))
        self.notifications = NotificationRuntime(settings: configuration.notifications, logger: Logger(label: "wave3.notifications"))
        self.notificationRepository = NotificationRepository(database: database)
        self.redis = configuration.redisURL.flatMap { try? RedisURL($0) }.map { RedisClient(configuration: RedisConfiguration(url: $0)) }
        self.leaderboards = LeaderboardRuntime(database: database, client: redis, logger: Logger(label: "wave3.leaderboards"),
                                               namespace: configuration.redisNamespace)
        self.caches = CacheRuntime(database: database, client: redis, namespace: configuration.redisNamespace,
                                   lessonTTL: configuration.lessonCacheTTL, recommendationTTL: configuration.recommendationCacheTTL)
        // Each attempt is traced with the BKT parameters active at that moment. A database-backed
        // recommendation cache is invalidated in the write's own commit; a Redis one after it
        // (RecommendationInvalidationMiddleware).
        self.progress = ProgressRepository(database: database, knowledgeModel: { models.current.bundle.tracer },
                                           alsoInTransaction: caches.recommendations.transactionalInvalidation)
    }

    /// What this replica drops when another one (or itself) announces a change over Redis.
    func cacheEvent(_ event: CacheEvent) async {
        switch event {
        case .dropped(cache: "lessons", _), .dropped(_, scope: everyScope):
            recommenders.invalidate()
        case .modelsChanged, .resubscribed:
            do { _ = try await models.refresh() } catch {
                // The replica keeps its current models; `ModelRefreshService`'s poll tries again.
                Logger(label: "wave3.models").failure("refreshing the models after a change announcement failed", error: error)
            }
            recommenders.invalidate()
        case .dropped:
            break
        }
    }
}

/// Middleware first, then controllers, as in Hummingbird's examples. The order of the middleware
/// matters: request ids wrap everything so even errors carry one; metrics see the final status;
/// the error middleware turns every failure into the JSON error shape.
public func buildRouter(_ services: AppServices, configuration: AppConfiguration) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        RequestIDMiddleware()
        MetricsMiddleware()
        ErrorMiddleware()
        LogRequestsMiddleware(.info)
        StaticAssetsMiddleware(assets: StaticAssets.load(directory: configuration.publicDirectory))
    }
    HealthController(database: services.database, registry: Observability.registry,
                     migrator: Migrator(directory: configuration.migrationsDirectory),
                     degradations: { [leaderboards = services.leaderboards] in leaderboards.health }).addRoutes(to: router)
    router.get("openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(auth: services.auth))
    AuthController(users: services.users, auth: services.auth, maxBodySize: configuration.maxBodySize,
                   refreshTokens: RefreshTokenRepository(database: services.database),
                   throttle: LoginThrottle(failures: LoginFailureRepository(database: services.database), policy: configuration.loginThrottle),
                   trustForwardedFor: configuration.trustForwardedFor).addRoutes(to: api)
    LessonController(lessons: services.lessons, cache: services.caches.lessons, models: services.models, maxBodySize: configuration.maxBodySize,
                     recommendationCache: services.caches.recommendations)
        .addRoutes(to: api)
    QuizController(lessons: services.lessons).addRoutes(to: api)
    ProgressController(progress: services.progress, lessons: services.lessons, users: services.users, maxBodySize: configuration.maxBodySize,
                       leaderboards: services.leaderboards.store)
        .addRoutes(to: services.caches.recommendations.transactionalInvalidation == nil
            ? api.group().add(middleware: RecommendationInvalidationMiddleware(cache: services.caches.recommendations)) : api.group())
    LeaderboardController(store: services.leaderboards.store, names: services.leaderboards.names,
                          source: { [leaderboards = services.leaderboards] in leaderboards.source }).addRoutes(to: api)
    LearningController(models: services.models, recommenders: services.recommenders, recommendationCache: services.caches.recommendations,
                       data: services.learningData, lessons: services.lessons, users: services.users, maxBodySize: configuration.maxBodySize,
                       experiments: services.experiments).addRoutes(to: api)
    ModelAdminController(models: services.models, versions: services.modelVersions, data: services.learningData,
                         recommenders: services.recommenders, caches: services.caches).addRoutes(to: api)
    ExperimentController(service: services.experiments, users: services.users, maxBodySize: configuration.maxBodySize).addRoutes(to: api)
    NotificationController(repository: services.notificationRepository, database: services.database, auth: services.auth,
                           runtime: services.notifications, maxBodySize: configuration.maxBodySize).addRoutes(to: api)
    return router
}

/// The HTTP application, ready to run or to test with `app.test(.router)`.
public func buildApplication(_ services: AppServices, configuration: AppConfiguration, logger: Logger) -> some ApplicationProtocol {
    let router = buildRouter(services, configuration: configuration)
    return Application(
        responder: HeadResponder(inner: router.buildResponder()),
        server: NotificationServices.server(services, configuration: configuration),
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "wave3"),
        services: [ModelRefreshService(store: services.models, interval: configuration.modelRefreshInterval, logger: logger)]
            + NotificationServices.replica(services, configuration: configuration)
            + services.leaderboards.services
            + services.caches.services(handle: { [services] event in await services.cacheEvent(event) }),
        logger: logger
    )
}
