/// A row of `users`.
public struct UserRecord: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var passwordHash: String
    public var displayName: String
    public var role: String
    public var createdAt: Int64

    public init(id: String, email: String, passwordHash: String, displayName: String, role: String, createdAt: Int64) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.role = role
        self.createdAt = createdAt
    }
}
