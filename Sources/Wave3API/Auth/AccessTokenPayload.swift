import Foundation
import JWTKit

/// The claims of an access token: who (`sub`), which role, from when (`nbf`) until when (`exp`).
/// The role is re-read from the database at each refresh, so a demotion lasts at most one access
/// token lifetime (15 minutes by default).
struct AccessTokenPayload: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    /// Optional only so that tokens issued before it existed verify until they expire.
    var nbf: NotBeforeClaim?
    var role: String

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
        guard Identity.Role(rawValue: role) != nil else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "unknown role") }
    }
}
