/// One stored training run (`model_versions`); `parameters` and `metrics` are JSON documents.
public struct ModelVersionRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var createdAt: Int64
    public var parameters: String
    public var metrics: String
    public var active: Bool
    public var activatedAt: Int64?

    public init(id: Int64, kind: String, createdAt: Int64, parameters: String, metrics: String, active: Bool, activatedAt: Int64?) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.parameters = parameters
        self.metrics = metrics
        self.active = active
        self.activatedAt = activatedAt
    }
}
