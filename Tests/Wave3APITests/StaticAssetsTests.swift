import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Wave3API

/// Serving the PWA (docs/pwa.md, "Serving"): caching by version, revalidation, gzip, CSP, and that
/// the files the service worker precaches exist.
@Suite struct StaticAssetsTests {
    static let assets = StaticAssets.load(directory: TestEnvironment.repositoryRoot.appendingPathComponent("Public").path)

    func get(_ client: any TestClientProtocol, _ path: String, _ headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: headers)
    }

    @Test func shellIsRevalidatedAndNamesVersionedAssets() async throws {
        try await TestEnvironment.withApp { client, _ in
            let index = try await get(client, "/")
            #expect(index.status == .ok)
            #expect(index.headers[.cacheControl] == "no-cache")
            #expect(index.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: index.body)
            let version = Self.assets.version
            #expect(html.contains("/assets/\(version)/js/app.js"))
            #expect(!html.contains(StaticAssets.versionPlaceholder))
            // No inline script anywhere: every <script> has a src, and the CSP forbids the rest.
            #expect(!html.contains("<script>") && !html.contains("<script type=\"module\">"))
            let csp = try #require(index.headers[StaticAssetsMiddleware.csp])
            #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))

            let worker = try await get(client, "/service-worker.js")
            #expect(worker.status == .ok)
            #expect(worker.headers[.cacheControl] == "no-cache")
            #expect(String(buffer: worker.body).contains("const VERSION = '\(version)'"))
        }
    }

    @Test func versionedAssetsAreImmutableAndOldVersionsAreNot() async throws {
        try await TestEnvironment.withApp { client, _ in
            let current = try await get(client, "/assets/\(Self.assets.version)/css/app.css")
            #expect(current.status == .ok)
            #expect(current.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(current.headers[.contentType] == "text/css; charset=utf-8")
            let old = try await get(client, "/assets/0123456789ab/css/app.css")
            #expect(old.status == .ok)
            #expect(old.headers[.cacheControl] == "no-cache")
            let missing = try await get(client, "/assets/\(Self.assets.version)/js/nope.js")
            #expect(missing.status == .notFound)
            // Paths outside the directory are simply not in the table.
            let escape = try await get(client, "/assets/\(Self.assets.version)/../Package.swift")
            #expect(escape.status == .notFound)
        }
    }

    @Test func etagsRevalidateAndGzipIsNegotiated() async throws {
        try await TestEnvironment.withApp { client, _ in
            let path = "/assets/\(Self.assets.version)/js/app.js"
            let plain = try await get(client, path)
            let etag = try #require(plain.headers[.eTag])
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")
            let again = try await get(client, path, [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)

            let zipped = try await get(client, path, [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            let zipTag = try #require(zipped.headers[.eTag])
            #expect(zipTag != etag)
            var body = zipped.body
            let inflated = try body.decompress(with: .gzip)
            #expect(inflated == plain.body)
            #expect(zipped.body.readableBytes < plain.body.readableBytes)
            #expect(try await get(client, path, [.acceptEncoding: "gzip", .ifNoneMatch: "\"x\", W/\(zipTag)"]).status == .notModified)

            let refused = try await get(client, path, [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
        }
    }

    @Test func apiRoutesAreUntouched() async throws {
        try await TestEnvironment.withApp { client, _ in
            let missing = try await get(client, "/api/v1/index.html")
            #expect(missing.status == .notFound)
            #expect(missing.headers[StaticAssetsMiddleware.csp] == nil)
            let post = try await client.execute(uri: "/manifest.json", method: .post)
            #expect(post.status != .ok)
        }
    }

    /// Every script and style the app loads is precached, and everything precached exists.
    @Test func serviceWorkerPrecachesTheWholeShell() throws {
        let worker = try #require(Self.assets["service-worker.js"])
        let source = String(buffer: worker.body)
        let listed = Set(source.matches(of: /'((?:js|css)\/[\w\/.-]+\.(?:js|css))'/).map { String($0.output.1) })
        let files = Set(Self.assets.paths.filter { ($0.hasPrefix("js/") && $0.hasSuffix(".js")) || $0.hasPrefix("css/") })
        #expect(listed == files)
        for path in ["index.html", "offline.html", "manifest.json", "icons/icon-192.png"] { #expect(Self.assets[path] != nil) }
    }

    @Test func manifestIsInstallable() throws {
        let manifest = try #require(Self.assets["manifest.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: manifest.body)) as? [String: Any])
        let icons = try #require(json["icons"] as? [[String: String]])
        #expect(icons.contains { $0["sizes"] == "192x192" && $0["purpose"] == "any" })
        #expect(icons.contains { $0["sizes"] == "512x512" && $0["purpose"] == "any" })
        #expect(icons.contains { $0["purpose"] == "maskable" })
        for icon in icons {
            let path = try #require(icon["src"]).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let png = try #require(Self.assets[path], "\(path) exists")
            #expect(png.body.getBytes(at: 0, length: 4) == [0x89, 0x50, 0x4E, 0x47])
            // PNG IHDR: width and height, big-endian, at bytes 16 and 20.
            let size = try #require(icon["sizes"]).split(separator: "x").compactMap { Int($0) }
            #expect(png.body.getInteger(at: 16, as: UInt32.self).map(Int.init) == size.first)
            #expect(png.body.getInteger(at: 20, as: UInt32.self).map(Int.init) == size.last)
        }
        #expect((json["shortcuts"] as? [Any])?.isEmpty == false)
        #expect(json["display"] as? String == "standalone")
    }
}
