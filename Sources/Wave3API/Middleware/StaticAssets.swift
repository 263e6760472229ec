import CompressNIO
import Crypto
import Foundation
import NIOCore

/// The PWA's files (`Public/`), read once at start: each with its content type, a strong ETag and,
/// for text worth it, a gzip copy, so serving is a dictionary lookup with no disk I/O or
/// compression on the event loop. `version` hashes every file; pages name their scripts and styles
/// under `/assets/<version>/…` so those URLs can be cached for a year (docs/pwa.md).
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let contentType: String
        let body: ByteBuffer
        let gzipped: ByteBuffer?
        let etag: String
    }

    /// Written in HTML, the service worker and the manifest; replaced by `version` when loaded.
    static let versionPlaceholder = "__ASSET_VERSION__"
    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json; charset=utf-8", "webmanifest": "application/manifest+json",
        "png": "image/png", "svg": "image/svg+xml", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8",
        "woff2": "font/woff2",
    ]

    let version: String
    private let files: [String: Asset]

    init(version: String, files: [String: Asset]) {
        self.version = version
        self.files = files
    }

    /// `path` relative to the public directory, without a leading slash.
    subscript(path: String) -> Asset? { files[path] }
    var paths: [String] { files.keys.sorted() }

    /// Reads every regular file under `directory` (hidden files skipped). A missing directory gives
    /// an empty set: the API still runs, it just serves no app.
    static func load(directory: String) -> StaticAssets {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var raw: [(String, Data)] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                       options: [.skipsHiddenFiles]) {
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                      let data = try? Data(contentsOf: url) else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                raw.append((relative, data))
            }
        }
        raw.sort { $0.0 < $1.0 }
        var digest = SHA256()
        for (path, data) in raw {
            digest.update(data: Data(path.utf8))
            digest.update(data: Data(SHA256.hash(data: data)))
        }
        let version = String(Hex.encode(digest.finalize()).prefix(12))
        var files: [String: Asset] = [:]
        for (path, data) in raw {
            let ext = (path as NSString).pathExtension.lowercased()
            let type = types[ext] ?? "application/octet-stream"
            var bytes = data
            if type.hasPrefix("text/") || type.contains("json"), let text = String(data: data, encoding: .utf8),
               text.contains(versionPlaceholder) {
                bytes = Data(text.replacingOccurrences(of: versionPlaceholder, with: version).utf8)
            }
            files[path] = asset(bytes, contentType: type)
        }
        return StaticAssets(version: version, files: files)
    }

    static func asset(_ bytes: Data, contentType: String) -> Asset {
        let body = ByteBuffer(bytes: bytes)
        var gzipped: ByteBuffer?
        let compressible = contentType.hasPrefix("text/") || contentType.contains("json") || contentType.contains("svg")
        if compressible, bytes.count >= 256 {
            var input = body
            if let packed = try? input.compress(with: .gzip), packed.readableBytes < bytes.count { gzipped = packed }
        }
        let etag = "\"" + String(Hex.encode(SHA256.hash(data: bytes)).prefix(32)) + "\""
        return Asset(contentType: contentType, body: body, gzipped: gzipped, etag: etag)
    }
}
