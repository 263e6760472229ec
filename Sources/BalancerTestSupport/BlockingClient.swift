import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Minimal keep-alive HTTP/1.1 GET client on a POSIX socket, for load loops on plain threads.
/// A blocking keep-alive HTTP/1.1 client on its own socket, shared by the balancer benchmarks.
public final class BlockingClient {
    private var fd: Int32 = -1
    public let port: Int
    private var buf = [UInt8](repeating: 0, count: 65536)

    public init(port: Int) { self.port = port }
    deinit { if fd >= 0 { close(fd) } }

    private func connectIfNeeded() -> Bool {
        if fd >= 0 { return true }
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        if rc != 0 { close(fd); fd = -1; return false }
        return true
    }

    /// Status code, or 0 on a transport failure (which the caller counts as a failed GET).
    public func get(_ path: String, headers: String = "") -> Int {
        guard connectIfNeeded() else { return 0 }
        let req = Array("GET \(path) HTTP/1.1\r\nHost: bench\r\n\(headers)\r\n".utf8)
        let sent = req.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent != req.count { reset(); return 0 }
        var data: [UInt8] = []
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { reset(); return 0 }
            data += buf[0..<n]
            if let end = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
                let status = Int(head.split(separator: " ")[1]) ?? 0
                var cl = 0
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    cl = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
                if data.count - end.upperBound >= cl {
                    if head.contains("connection: close") { reset() }
                    return status
                }
            }
        }
    }

    public func reset() { if fd >= 0 { close(fd) }; fd = -1 }
}

/// Runs blocking socket loops on their own OS thread: on the cooperative pool (2 threads here)
/// they would starve the tasks that measure them.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { cont in
        let t = Thread { cont.resume(returning: body()) }
        t.start()
    }
}

/// PASS/FAIL as an NSString: `%@` in `String(format:)` needs an object on Linux.
public func verdict(_ ok: Bool) -> NSString { ok ? "PASS" : "FAIL" }
