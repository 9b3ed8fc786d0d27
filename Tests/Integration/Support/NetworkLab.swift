import Foundation
import NIOConcurrencyHelpers
import NIOCore
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A network namespace the test creates, joined to this one by a veth pair, with faults applied
/// by the kernel (`ip netns`, `ip link`, `ip route`, `tc` from iproute2): servers listen inside it
/// on `serverAddress`, the connector reaches them over the veth, and `tc` shapes, drops or
/// blackholes what crosses it. Needs root and iproute2 (`available` says why not otherwise).
///
/// `tc netem` (latency, random loss) is used where the kernel has it; where it does not (some CI
/// kernels) latency is made by `tbf` rate shaping and loss by a `tbf` queue too short for a burst,
/// which drops real packets that TCP then retransmits (`retransmittedSegments` counts them).
final class NetworkLab: Sendable {
    let name: String
    let hostLink: String
    let labLink: String
    /// This side's address on the veth.
    let hostAddress: String
    /// The namespace's address: servers listen here.
    let serverAddress: String
    /// An address routed into the namespace, where nothing answers and nothing is forwarded: a
    /// connection to it neither succeeds nor is refused (a blackholed host).
    let blackholeAddress: String
    private let subnet: Int

    /// Why the lab cannot run here, or nil when it can.
    static let unavailableReason: String? = {
        #if os(Linux)
            guard geteuid() == 0 else { return "network namespaces need root" }
            guard
                FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
                    || FileManager.default.isExecutableFile(atPath: "/sbin/ip")
            else { return "iproute2 (ip, tc) is not installed" }
            let probe = "swift-llm-probe-\(getpid())"
            guard Shell.runSynchronously(["ip", "netns", "add", probe]) else { return "`ip netns add` failed here" }
            _ = Shell.runSynchronously(["ip", "netns", "del", probe])
            guard setnsFunction != nil else { return "setns(2) is not available" }
            return nil
        #else
            return "network namespaces are Linux only"
        #endif
    }()

    /// Whether `tc netem` exists in this kernel (probed once on a scratch veth).
    static let hasNetem: Bool = {
        let link = "llmprobe\(getpid() % 10_000)"
        guard Shell.runSynchronously(["ip", "link", "add", link, "type", "veth", "peer", "name", link + "p"]) else {
            return false
        }
        defer { _ = Shell.runSynchronously(["ip", "link", "del", link]) }
        return Shell.runSynchronously(["tc", "qdisc", "add", "dev", link, "root", "netem", "delay", "1ms"])
    }()

    private static let counter = NIOLockedValueBox(0)

    /// Creates the namespace, the veth pair, the addresses and the blackhole route.
    init() async throws {
        let index = Self.counter.withLockedValue {
            $0 += 1
            return $0
        }
        let tag = "\(getpid() % 1_000)x\(index)"
        name = "swift-llm-lab-\(tag)"
        hostLink = "llmh\(tag)"
        labLink = "llmn\(tag)"
        let subnet = try await Self.claimSubnet(from: 1 + (Int(getpid()) &* 7 &+ index) % 250)
        self.subnet = subnet
        hostAddress = "10.213.\(subnet).1"
        serverAddress = "10.213.\(subnet).2"
        blackholeAddress = "10.214.\(subnet).1"
        await removeLinks()
        do {
            try await Shell.run(["ip", "netns", "add", name])
            try await Shell.run(["ip", "link", "add", hostLink, "type", "veth", "peer", "name", labLink])
            try await Shell.run(["ip", "link", "set", labLink, "netns", name])
            try await Shell.run(["ip", "addr", "add", "\(hostAddress)/24", "dev", hostLink])
            try await Shell.run(["ip", "link", "set", hostLink, "up"])
            try await inLab(["ip", "addr", "add", "\(serverAddress)/24", "dev", labLink])
            try await inLab(["ip", "link", "set", labLink, "up"])
            try await inLab(["ip", "link", "set", "lo", "up"])
            try await Shell.run(["ip", "route", "add", "\(blackholeAddress)/32", "via", serverAddress])
        } catch {
            // Half a lab is not left behind.
            await close()
            throw error
        }
    }

    /// Third octets claimed by labs of this process that are open.
    private static let claimed = NIOLockedValueBox(Set<Int>())

    /// Claims the first third octet from `start` on that no lab of this process holds and no
    /// address or route of this namespace uses in 10.213.X.0/24 or 10.214.X.1: a lab left behind
    /// by a process that crashed keeps its addresses, and a second link on the same /24 would take
    /// the new lab's traffic (and its blackhole route would not be added).
    private static func claimSubnet(from start: Int) async throws -> Int {
        let used =
            try await Shell.output(["ip", "-4", "-o", "addr", "show"])
            + (try await Shell.output(["ip", "-4", "route", "show"]))
        let subnet = claimed.withLockedValue { claimed -> Int? in
            for offset in 0..<250 {
                let subnet = 1 + (start - 1 + offset) % 250
                guard !claimed.contains(subnet), !used.contains("10.213.\(subnet)."),
                    !used.contains("10.214.\(subnet).")
                else { continue }
                claimed.insert(subnet)
                return subnet
            }
            return nil
        }
        guard let subnet else {
            throw Shell.Failure(
                command: "ip addr", output: "every 10.213.X.0/24 is in use: delete stale swift-llm-lab-* namespaces")
        }
        return subnet
    }

    /// Removes the namespace (which removes the veth pair and the route with it).
    func close() async {
        await removeLinks()
        _ = Self.claimed.withLockedValue { $0.remove(subnet) }
    }

    private func removeLinks() async {
        _ = try? await Shell.run(["ip", "netns", "del", name])
        _ = try? await Shell.run(["ip", "link", "del", hostLink])
    }

    /// Runs a command inside the namespace.
    func inLab(_ command: [String]) async throws {
        try await Shell.run(["ip", "netns", "exec", name] + command)
    }

    /// Replaces the root qdisc on the namespace's side (what servers send) with `qdisc`, e.g.
    /// `["tbf", "rate", "64kbit", "burst", "1600", "latency", "10s"]`.
    func shapeResponses(_ qdisc: [String]) async throws {
        try await inLab(["tc", "qdisc", "replace", "dev", labLink, "root"] + qdisc)
    }

    /// Replaces the root qdisc on this side (what the client sends).
    func shapeRequests(_ qdisc: [String]) async throws {
        try await Shell.run(["tc", "qdisc", "replace", "dev", hostLink, "root"] + qdisc)
    }

    /// Takes the link down: packets in either direction are lost, no reset is sent.
    func cut() async throws {
        try await Shell.run(["ip", "link", "set", hostLink, "down"])
    }

    /// TCP segments the namespace's stack retransmitted so far (`RetransSegs` in its /proc/net/snmp).
    func retransmittedSegments() async throws -> Int {
        let output = try await Shell.output(["ip", "netns", "exec", name, "cat", "/proc/net/snmp"])
        let rows = output.split(separator: "\n").filter { $0.hasPrefix("Tcp:") }.map { $0.split(separator: " ") }
        guard rows.count == 2, let column = rows[0].firstIndex(of: "RetransSegs"), column < rows[1].count else {
            return 0
        }
        return Int(rows[1][column]) ?? 0
    }

    /// A TCP socket bound to `serverAddress` inside the namespace and listening, for a NIO server
    /// bootstrap's `bind(_ socket:)`: made on a thread that joined the namespace, since a socket
    /// stays in the namespace it was made in.
    func listeningSocket() throws -> NIOBSDSocket.Handle {
        #if os(Linux)
            let path = "/var/run/netns/\(name)"
            let address = serverAddress
            let result = Handoff()
            let thread = Thread {
                result.set(Self.makeListeningSocket(namespace: path, address: address))
            }
            thread.start()
            return try result.wait().get()
        #else
            throw Shell.Failure(command: "setns", output: "Linux only")
        #endif
    }

    #if os(Linux)
        private typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        private static let setnsFunction: SetNS? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns").map {
            unsafeBitCast($0, to: SetNS.self)
        }

        private static func makeListeningSocket(namespace: String, address: String) -> Result<Int32, Shell.Failure> {
            func failure(_ step: String) -> Result<Int32, Shell.Failure> {
                .failure(Shell.Failure(command: step, output: String(cString: strerror(errno))))
            }
            let namespaceFD = open(namespace, O_RDONLY)
            guard namespaceFD >= 0 else { return failure("open \(namespace)") }
            defer { Glibc.close(namespaceFD) }
            // CLONE_NEWNET: this thread joins the namespace; the thread ends right after.
            guard let setns = setnsFunction, setns(namespaceFD, 0x4000_0000) == 0 else { return failure("setns") }
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { return failure("socket") }
            var reuse: Int32 = 1
            setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = 0
            inet_pton(AF_INET, address, &socketAddress.sin_addr)
            let bound = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                Glibc.close(socket)
                return failure("bind \(address)")
            }
            return .success(socket)
        }
    #endif

    /// A one-shot result handed from the namespace thread to the caller.
    private final class Handoff: @unchecked Sendable {
        private let condition = NSCondition()
        private var value: Result<Int32, Shell.Failure>?

        func set(_ result: Result<Int32, Shell.Failure>) {
            condition.withLock {
                value = result
                condition.signal()
            }
        }

        func wait() -> Result<Int32, Shell.Failure> {
            condition.withLock {
                while value == nil { condition.wait() }
                return value!
            }
        }
    }
}

/// Runs the lab's commands (`ip`, `tc`), found on PATH or in /usr/sbin and /sbin.
enum Shell {
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "\(command) failed: \(output)" }
    }

    private static var environment: [String: String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": path + ":/usr/sbin:/sbin"]
    }

    /// Runs `command`; throws with its output when it exits non-zero.
    static func run(_ command: [String]) async throws {
        _ = try await output(command)
    }

    /// Runs `command` and returns what it printed.
    static func output(_ command: [String]) async throws -> String {
        let result = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), command, environment: environment)
        let text = String(decoding: result.stdout + result.stderr, as: UTF8.self)
        guard result.status == 0 else { throw Failure(command: command.joined(separator: " "), output: text) }
        return text
    }

    /// For the one-time probes in static initialisers (a few milliseconds, once per run).
    static func runSynchronously(_ command: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
