import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// posix_spawn and waitpid: in this test runner Foundation's `Process` left children unreaped (the
/// test waited forever on a script that had exited), so the broker script and the wave3 processes
/// are started and reaped by hand.
public enum Spawn {
    public struct Failed: Error, CustomStringConvertible { public let description: String }

    /// Starts `/bin/sh -c command` with `environment` (this process's by default).
    public static func start(_ command: String, environment: [String: String]? = nil) throws -> pid_t {
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments = words.map { strdup($0) } + [nil]
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in variables { free(pointer) }
        }
        let status = posix_spawn(&pid, "/bin/sh", nil, nil, arguments, variables)
        guard status == 0 else { throw Failed(description: "posix_spawn: \(status)") }
        return pid
    }

    /// The exit status once the child ended (reaping it), nil while it runs; 128 + n for signal n.
    public static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 { return nil }
        if result < 0 { return -1 }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `command` to its end without blocking a thread; its exit status.
    public static func run(_ command: String, environment: [String: String]? = nil) async throws -> Int32 {
        let pid = try start(command, environment: environment)
        while true {
            if let status = poll(pid) { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
