import Foundation
import Hummingbird
import Logging
import Prometheus
import Storage

/// The long-lived pieces every route shares.
public struct AppServices: Sendable {
    public let database: Database
    public let auth: AuthService
    public let users: UserRepository
    public let lessons: LessonRepository
    public let progress: ProgressRepository
    let lessonCache: LessonCache

    public init(database: Database, configuration: AppConfiguration) async {
        self.database = database
        self.auth = await AuthService(secret: configuration.jwtSecret, bcryptCost: configuration.bcryptCost,
                                      tokenLifetime: configuration.tokenLifetime)
        self.users = UserRepository(database: database)
        self.lessons = LessonRepository(database: database)
        self.progress = ProgressRepository(database: database)
        self.lessonCache = LessonCache()
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
        FileMiddleware(configuration.publicDirectory, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true)
    }
    HealthController(database: services.database, registry: Observability.registry,
                     migrator: Migrator(directory: configuration.migrationsDirectory)).addRoutes(to: router)
    router.get("openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(auth: services.auth))
    AuthController(users: services.users, auth: services.auth, maxBodySize: configuration.maxBodySize).addRoutes(to: api)
    LessonController(lessons: services.lessons, cache: services.lessonCache, maxBodySize: configuration.maxBodySize).addRoutes(to: api)
    ProgressController(progress: services.progress, lessons: services.lessons, users: services.users, maxBodySize: configuration.maxBodySize)
        .addRoutes(to: api)
    return router
}

/// The HTTP application, ready to run or to test with `app.test(.router)`.
public func buildApplication(_ services: AppServices, configuration: AppConfiguration, logger: Logger) -> some ApplicationProtocol {
    let router = buildRouter(services, configuration: configuration)
    return Application(
        responder: HeadResponder(inner: router.buildResponder()),
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "wave3"),
        logger: logger
    )
}
