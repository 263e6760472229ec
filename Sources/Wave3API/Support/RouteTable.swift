import Foundation

/// The methods each documented path accepts, read from the OpenAPI document (which a test keeps
/// equal to the router's routes). Hummingbird's router answers an unknown method on a known path
/// with 404; HTTP says 405 with `Allow`, and clients and fuzzers rely on the difference.
struct RouteTable: Sendable {
    private let templates: [(segments: [Substring], methods: Set<String>)]

    static let api = RouteTable(openAPI: OpenAPIDocument.json)

    init(openAPI json: String) {
        let document = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
        let verbs: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        templates = paths.map { path, operations in
            var methods = Set(operations.keys.filter(verbs.contains).map { $0.uppercased() })
            if methods.contains("GET") { methods.insert("HEAD") }
            return (path.split(separator: "/"), methods)
        }
    }

    /// The methods allowed on `path`, or nil when no documented route has this shape.
    func allowedMethods(for path: String) -> Set<String>? {
        let parts = path.split(separator: "/")
        var allowed: Set<String>?
        for template in templates where template.segments.count == parts.count {
            let matches = zip(template.segments, parts).allSatisfy { pattern, part in
                pattern.hasPrefix("{") || pattern == part
            }
            if matches { allowed = (allowed ?? []).union(template.methods) }
        }
        return allowed
    }
}
