import Crypto
import Foundation
import OneDoorCore
import OneDoorStorage

/// A file being received: written to a temporary file as its bytes arrive, hashed on the way, its
/// kind taken from the first bytes. Never holds more than one chunk in memory.
public final class BlobWriter {
    public let temporary: URL
    private let handle: FileHandle
    private var hasher = SHA256()
    private var head: [UInt8] = []
    public private(set) var size = 0

    public init(in directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        temporary = directory.appendingPathComponent("upload-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw StorageError.database("cannot create \(temporary.path)")
        }
        handle = try FileHandle(forWritingTo: temporary)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if head.count < 8 { head += bytes.prefix(8 - head.count) }
        hasher.update(bufferPointer: bytes)
        size += bytes.count
        try handle.write(contentsOf: bytes)
    }

    /// The file's kind by its first bytes (nil: not one the platform takes).
    public var kind: FileKind? { FileKind.sniff(head) }

    /// Closes the file; its reference (nil when the kind is not one the platform takes).
    public func finish() throws -> BlobReference? {
        try handle.close()
        guard let kind else { return nil }
        let digest = Hex.string(hasher.finalize())
        return BlobReference(sha256: digest, size: size, kind: kind)
    }

    /// Abandons the file.
    public func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
