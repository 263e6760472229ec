import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb blocking HTTP/1.1 client over a POSIX socket, so tests can send exactly
/// the bytes they want (garbage, huge headers, trickled headers) to the real listener.
final class RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    let fd: Int32

    init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    /// The client vanishes: both directions shut now (the descriptor is closed on deinit).
    func vanish() { shutdown(fd, Int32(SHUT_RDWR)) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            off += n
        }
    }

    private var buffer: [UInt8] = []

    /// Reads one response (Content-Length or chunked framing); nil when the connection closed first.
    func readResponse() -> Response? {
        while true {
            if let r = parse() { return r }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer += chunk[0..<n]
        }
    }

    /// Exactly `count` raw bytes (after any already buffered), or fewer if the peer closed.
    func readBytes(count: Int) -> [UInt8] {
        while buffer.count < count {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            buffer += chunk[0..<n]
        }
        let out = Array(buffer.prefix(count))
        buffer.removeFirst(out.count)
        return out
    }

    /// One response head, up to its blank line, without reading any body (a response to HEAD).
    func readHead() -> String? {
        while true {
            if let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeFirst(end.upperBound)
                return head
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer += chunk[0..<n]
        }
    }

    /// True when the peer closed (recv returned 0) within the socket timeout.
    func isClosedByPeer() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    private func parse() -> Response? {
        guard let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let headText = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for l in lines {
            guard let c = l.firstIndex(of: ":") else { continue }
            headers[l[..<c].lowercased()] = l[l.index(after: c)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = end.upperBound
        if let cl = headers["content-length"].flatMap({ Int($0) }) {
            guard buffer.count - bodyStart >= cl else { return nil }
            let body = String(decoding: buffer[bodyStart..<bodyStart + cl], as: UTF8.self)
            buffer.removeFirst(bodyStart + cl)
            return Response(status: status, headers: headers, body: body)
        }
        if headers["transfer-encoding"] == "chunked" {
            var i = bodyStart
            var body: [UInt8] = []
            while true {
                guard let lineEnd = buffer[i...].firstRange(of: Array("\r\n".utf8)) else { return nil }
                let size = Int(String(decoding: buffer[i..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
                let dataStart = lineEnd.upperBound
                guard buffer.count >= dataStart + size + 2 else { return nil }
                if size == 0 {
                    buffer.removeFirst(dataStart + 2)
                    return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
                }
                body += buffer[dataStart..<dataStart + size]
                i = dataStart + size + 2
            }
        }
        buffer.removeFirst(bodyStart)
        return Response(status: status, headers: headers, body: "")
    }

    static func get(_ port: Int, _ path: String, host: String = "test.local", headers: [String: String] = [:]) throws -> Response? {
        let c = try RawHTTP(port: port)
        var req = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        for (k, v) in headers { req += "\(k): \(v)\r\n" }
        c.send(req + "\r\n")
        return c.readResponse()
    }

    static func request(_ port: Int, method: String, path: String, body: String = "", host: String = "test.local", headers: [String: String] = [:]) throws -> Response? {
        let c = try RawHTTP(port: port)
        var req = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\nContent-Type: application/json\r\n"
        for (k, v) in headers { req += "\(k): \(v)\r\n" }
        c.send(req + "\r\n" + body)
        return c.readResponse()
    }

    /// A port that was free a moment ago (for processes that need it on the command line).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// Blocking socket work on its own OS thread: on the cooperative pool (two threads on this
/// machine) a few blocked clients would starve the server tasks the test is waiting for.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { cont in
        Thread { cont.resume(with: Result { try body() }) }.start()
    }
}
