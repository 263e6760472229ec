import Hummingbird

/// With Redis (the database-backed twin does it inside the write's transaction instead,
/// `SharedCache.transactionalInvalidation`): drops a learner's cached recommendations once their
/// `POST /progress` succeeded: a completed
/// lesson or a new answer changes what they should study next. Sits in front of the progress
/// routes (Application+build.swift) so the progress code itself needs no cache; it runs after the
/// transaction committed and before the client gets the answer, so the learner's next read (on
/// any replica) is fresh. Replays of an idempotent request booked nothing and change nothing.
struct RecommendationInvalidationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let cache: any SharedCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if request.method == .post, response.status == .ok, response.headers[ProgressController.replayedHeader] == nil,
           let learner = context.identity?.userId {
            await cache.invalidate(learner)
        }
        return response
    }
}
