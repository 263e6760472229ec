/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. The document is data:
/// `Resources/openapi.json`, embedded into the binary at build time (no resource bundle to ship
/// beside the executable). A test checks it against the router in both directions.
enum OpenAPIDocument {
    static let json = String(decoding: PackageResources.openapi_json, as: UTF8.self)
}
