import Foundation

/// A test double that is a real process: one of the servers under `tests/doubles/` (the SMS
/// gateway, the SMTP server), started on a free loopback port for one test and stopped after it.
/// The script prints "listening <port>" first; everything else it prints is left alone.
public final class DoubleProcess: @unchecked Sendable {
    public let port: Int
    private let process: Process

    /// The repository's root, found from this file's place in it.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `python3 tests/doubles/<script> <arguments>` and waits for its port. The doubles'
    /// Python packages (tests/doubles/requirements.txt) are installed first if missing.
    public init(script: String, arguments: [String]) throws {
        try Self.installRequirements()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repositoryRoot.appendingPathComponent("tests/doubles/\(script)").path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            guard let first = byte.first else {
                process.waitUntilExit()
                let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw StartError(description: "\(script) did not start: \(message)")
            }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening "), let port = Int(text.dropFirst("listening ".count)) else {
            process.terminate()
            throw StartError(description: "\(script) said \(text)")
        }
        self.port = port
        self.process = process
    }

    private static let requirements: Result<Void, StartError> = {
        let root = repositoryRoot.path
        let check = "import aiosmtpd, authlib, flask"
        if run(["python3", "-c", check]) == 0 { return .success(()) }
        guard run(["python3", "-m", "pip", "install", "-q", "-r", "\(root)/tests/doubles/requirements.txt"]) == 0, run(["python3", "-c", check]) == 0 else {
            return .failure(StartError(description: "could not install tests/doubles/requirements.txt with pip"))
        }
        return .success(())
    }()

    static func installRequirements() throws { try requirements.get() }

    private static func run(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills the double outright: it keeps nothing that needs a clean exit, and a child of the
    /// test runner may have SIGTERM blocked (the mask is inherited from the spawning thread).
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
