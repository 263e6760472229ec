import Foundation
import JWTKit

/// The claims of an access token: who (`sub`), which role, until when.
struct AccessTokenPayload: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var role: String

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
        guard Identity.Role(rawValue: role) != nil else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "unknown role") }
    }
}
