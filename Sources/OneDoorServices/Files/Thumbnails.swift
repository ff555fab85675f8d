import CThumbnail
import Foundation
import NIOPosix
import OneDoorCore

/// Small JPEG pictures of uploaded photographs and scans, so a pre-reviewer sees every
/// material at a glance (issue 15 §3, ADR 0031). Made on first request from the stored file —
/// libjpeg-turbo decodes at 1/2–1/8 scale, then a box filter a row at a time (`CThumbnail`) — on
/// the blocking-work thread pool, never on an event loop; kept in a local content-addressed cache
/// (`<data>/thumbnails`), derived data that any server can make again.
public struct Thumbnails: Sendable {
    public let cache: URL
    /// The longer side of a thumbnail, in pixels.
    public static let side = 320
    /// Wider or taller images are not thumbnailed (the file itself is still there to open).
    public static let maximumDimension = 20_000

    public init(cache: URL) {
        self.cache = cache
    }

    public struct Failed: Error, Sendable, Equatable {
        public var reason: String
    }

    /// The thumbnail of a stored image (`source` holds its bytes); nil for a PDF.
    public func thumbnail(of blob: BlobReference, source: @Sendable () async throws -> URL?) async throws -> URL? {
        let kind: Int32
        switch blob.kind {
        case .jpeg: kind = Int32(ONEDOOR_JPEG.rawValue)
        case .png: kind = Int32(ONEDOOR_PNG.rawValue)
        default: return nil
        }
        guard BlobReference.isDigest(blob.sha256) else { return nil }
        let directory = cache.appendingPathComponent(String(blob.sha256.prefix(2)))
        let target = directory.appendingPathComponent("\(blob.sha256.dropFirst(2))-\(Self.side).jpg")
        if FileManager.default.fileExists(atPath: target.path) { return target }
        guard let path = try await source()?.path else { return nil }
        let bytes = try await NIOThreadPool.singleton.runIfActive { try Self.make(path: path, kind: kind) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(".\(UUID().uuidString)")
        try bytes.write(to: partial)
        // Two requests making the same thumbnail at once: the second rename replaces the first
        // with the same bytes.
        guard rename(partial.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw Failed(reason: "rename failed: errno \(errno)")
        }
        return target
    }

    /// The thumbnail's JPEG bytes, made by `CThumbnail` (blocking: call off the event loops).
    static func make(path: String, kind: Int32, side: Int = Thumbnails.side) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var width: Int32 = 0, height: Int32 = 0
        var error = [CChar](repeating: 0, count: 200)
        let status = onedoor_thumbnail(path, kind, Int32(side), Int32(maximumDimension), &out, &size, &width, &height, &error, error.count)
        defer { onedoor_thumbnail_free(out) }
        guard status == 0, let out else {
            throw Failed(reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return Data(bytes: out, count: size)
    }
}
