import Foundation
import Synchronization

/// The time, injected so that tests pin it.
public protocol AppClock: Sendable {
    /// Seconds since the epoch.
    func now() -> Int64
}

/// The system clock.
public struct SystemClock: AppClock {
    public init() {}
    public func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

/// A clock that stands still until moved; for tests.
public final class FixedClock: AppClock {
    private let time: Mutex<Int64>

    public init(_ time: Int64) {
        self.time = Mutex(time)
    }

    public func now() -> Int64 { time.withLock { $0 } }

    public func advance(by seconds: Int64) {
        time.withLock { $0 += seconds }
    }
}
