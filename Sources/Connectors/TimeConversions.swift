import NIOCore

extension Duration {
    /// Seconds, with the fraction.
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Whole milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

extension TimeAmount {
    /// Converts a `Duration`, saturating at about 292 years either way instead of overflowing.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else {
            self = .nanoseconds(seconds < 0 ? .min : .max)
            return
        }
        let (sum, carry) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        self = .nanoseconds(carry ? (seconds < 0 ? .min : .max) : sum)
    }
}

extension NIODeadline {
    /// The NIO deadline at the same moment as a continuous-clock instant (at most a year ahead).
    init(_ instant: ContinuousClock.Instant) {
        let remaining = min(instant - .now, .seconds(31_536_000))
        self = .now() + TimeAmount(max(remaining, .zero))
    }
}
