import NIOCore

/// Monotonic nanoseconds for limiter, EWMA and breaker arithmetic.
@inline(__always)
public func monotonicNanos() -> Int64 {
    Int64(bitPattern: NIODeadline.now().uptimeNanoseconds)
}
