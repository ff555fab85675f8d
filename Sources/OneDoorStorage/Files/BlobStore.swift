import Foundation
import OneDoorCore

/// Where files live (ADR 0025, 0030): content-addressed, written durably before they are
/// acknowledged. The filesystem store under the data directory is the default; the database
/// store keeps them in the database itself, for several servers without a shared disk.
public protocol BlobStore: Sendable {
    /// Moves the finished temporary file at `temporary` (its digest and size computed while it
    /// was written) into the store. The same content stored twice is one file.
    func adopt(temporary: URL, reference: BlobReference) async throws
    /// A local file with the stored bytes, for reading; nil when there is no such content.
    func localFile(of sha256: String) async throws -> URL?
    /// A directory for temporary files on the same filesystem (so adopting is a rename).
    var temporaryDirectory: URL { get }
}

/// Files under `root`/ab/cdef… (the first two hex digits as a directory), each fsynced, renamed
/// into place and its directory fsynced, so that a stored file survives kill -9 and power loss.
public struct FileBlobStore: BlobStore {
    public let root: URL

    /// Nothing is created until the first file arrives.
    public init(root: URL) {
        self.root = root
    }

    public var temporaryDirectory: URL { root.appendingPathComponent("tmp") }

    public func adopt(temporary: URL, reference: BlobReference) throws {
        guard BlobReference.isDigest(reference.sha256) else { throw StorageError.database("not a SHA-256: \(reference.sha256.prefix(70))") }
        let directory = root.appendingPathComponent(String(reference.sha256.prefix(2)))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent(String(reference.sha256.dropFirst(2)))
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: temporary)
            return
        }
        try Self.fsync(temporary)
        guard rename(temporary.path, target.path) == 0 else { throw StorageError.database("rename into the blob store failed: errno \(errno)") }
        try Self.fsync(directory)
    }

    public func localFile(of sha256: String) async throws -> URL? { url(of: sha256) }

    public func url(of sha256: String) -> URL? {
        guard BlobReference.isDigest(sha256) else { return nil }
        let url = root.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(String(sha256.dropFirst(2)))
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func fsync(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw StorageError.database("open for fsync failed: errno \(errno)") }
        defer { close(fd) }
        guard Foundation.fsync(fd) == 0 else { throw StorageError.database("fsync failed: errno \(errno)") }
    }
}
