import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Synchronization

/// A WebSocket client that records every text message it receives, as a browser tab would.
final class SocketRecorder: Sendable {
    struct State {
        var opened = false
        var ended = false
        var texts: [String] = []
        var closeCode: WebSocketErrorCode?
        var failure: String?
    }

    struct Failed: Error, CustomStringConvertible { let description: String }

    private let state = Mutex(State())
    private let stopSignal = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let stopRequested = Mutex(false)

    /// Opens `ws://127.0.0.1:port/api/v1/ws?token=…` and returns once the upgrade succeeded;
    /// throws when it was refused.
    static func open(port: Int, token: String?) async throws -> SocketRecorder {
        let recorder = SocketRecorder()
        let query = token.map { "?token=\($0)" } ?? ""
        Task { await recorder.run(url: "ws://127.0.0.1:\(port)/api/v1/ws\(query)") }
        try await wait("socket opened or refused", within: 15) { recorder.state.withLock { $0.opened || $0.ended } }
        if let failure = recorder.state.withLock({ $0.opened ? nil : ($0.failure ?? "closed before opening") }) { throw Failed(description: failure) }
        return recorder
    }

    private func run(url: String) async {
        do {
            let frame = try await WebSocketClient.connect(url: url, logger: Logger(label: "test.ws")) { inbound, outbound, _ in
                self.state.withLock { $0.opened = true }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                if case .text(let text) = message { self.state.withLock { $0.texts.append(text) } }
                            }
                        } catch {}
                    }
                    group.addTask {
                        await withCheckedContinuation { continuation in
                            let already = self.stopRequested.withLock { requested -> Bool in
                                if !requested { self.stopSignal.withLock { $0 = continuation } }
                                return requested
                            }
                            if already { continuation.resume() }
                        }
                    }
                    await group.next()
                    group.cancelAll()
                    // Also frees the stop waiter when the server ended first.
                    self.close()
                }
            }
            state.withLock {
                $0.closeCode = frame?.closeCode
                $0.ended = true
            }
        } catch {
            state.withLock {
                $0.failure = "\(error)"
                $0.ended = true
            }
        }
    }

    /// Closes from the client side.
    func close() {
        let waiter = stopRequested.withLock { requested -> CheckedContinuation<Void, Never>? in
            requested = true
            return takeSignal()
        }
        waiter?.resume()
    }

    /// Whoever takes the continuation resumes it: taken and cleared under one lock, so never twice.
    private func takeSignal() -> CheckedContinuation<Void, Never>? {
        stopSignal.withLock { signal in
            defer { signal = nil }
            return signal
        }
    }

    var texts: [String] { state.withLock { $0.texts } }
    var isOpen: Bool { state.withLock { $0.opened && !$0.ended } }
    var ended: Bool { state.withLock { $0.ended } }
    var closeCode: WebSocketErrorCode? { state.withLock { $0.closeCode } }

    /// The decoded messages of one `type`.
    func messages(type: String) -> [[String: Any]] {
        texts.compactMap { text in
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        }.filter { $0["type"] as? String == type }
    }

    /// The ids of the notifications received, in order, duplicates kept.
    var notificationIds: [String] {
        messages(type: "notification").compactMap { ($0["notification"] as? [String: Any])?["id"] as? String }
    }
}

/// Polls `condition` every 20 ms until it holds or the deadline passes (no fixed sleeps in tests).
func wait(_ what: String, within seconds: Double = 20, _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw SocketRecorder.Failed(description: "timed out after \(seconds) s waiting for: \(what)")
}
