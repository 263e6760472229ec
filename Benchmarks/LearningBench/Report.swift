import Foundation

/// Prints benchmark figures in one aligned format, each with its bar and verdict.
struct Report {
    private(set) var failures = 0

    mutating func figure(_ name: String, _ value: String, bar: String, pass: Bool) {
        if !pass { failures += 1 }
        let padded = name.padding(toLength: 52, withPad: " ", startingAt: 0)
        let shown = value.padding(toLength: 16, withPad: " ", startingAt: 0)
        print("\(padded) \(shown) bar: \(bar.padding(toLength: 18, withPad: " ", startingAt: 0)) \(pass ? "PASS" : "FAIL")")
    }

    /// A figure the issue asks for without a bar: printed with no verdict.
    func figure(_ name: String, _ value: String) {
        let padded = name.padding(toLength: 52, withPad: " ", startingAt: 0)
        print("\(padded) \(value.padding(toLength: 16, withPad: " ", startingAt: 0)) (no bar)")
    }

    func info(_ text: String) {
        print("  · \(text)")
    }
}

func format(_ x: Double, _ digits: Int = 4) -> String {
    String(format: "%.\(digits)f", x)
}

/// Wall-clock seconds of `body`.
func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

func measureAsync<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try await body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
