import Foundation
@testable import OneDoorServices
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Thumbnails (ADR 0031): a large image becomes a small JPEG of the same picture, a JPEG is
/// scaled while it is decoded, and a damaged, enormous or non-image file gives a reason, not a
/// crash.
@Suite struct ThumbnailTests {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thumbnail-tests-\(UUID().uuidString)")

    static func file(_ bytes: [UInt8], _ name: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Left half red, right half blue.
    static func halves(_ x: Int, _ width: Int) -> (UInt8, UInt8, UInt8) { x < width / 2 ? (220, 20, 20) : (20, 20, 220) }

    static func size(ofJPEG bytes: Data) -> (width: Int, height: Int)? {
        // The SOF0/SOF2 marker carries the height and width.
        var i = 2
        let b = [UInt8](bytes)
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1], length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if marker == 0xC0 || marker == 0xC2 { return (Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6])) }
            i += 2 + length
        }
        return nil
    }

    @Test func aLargePNGBecomesASmallJPEGOfTheSamePicture() throws {
        let png = try Self.file(TestImages.png(width: 1200, height: 900) { x, _ in Self.halves(x, 1200) }, "scan.png")
        let jpeg = try Thumbnails.make(path: png, kind: 2)
        #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]))
        let size = try #require(Self.size(ofJPEG: jpeg))
        #expect(size.width == 320 && size.height == 240)
        #expect(jpeg.count < 30_000)
        // Read back as a JPEG (through the scaled decoder) it keeps its size.
        let again = try Self.file([UInt8](jpeg), "again.jpg")
        #expect(try Self.size(ofJPEG: Thumbnails.make(path: again, kind: 1)).map { [$0.width, $0.height] } == [320, 240])
    }

    @Test func aLargeJPEGIsScaledWhileDecoded() throws {
        // A 2400 × 1600 JPEG: made by thumbnailing a PNG of that size at a larger side.
        let png = try Self.file(TestImages.png(width: 2400, height: 1600) { x, y in (UInt8(x % 256), UInt8(y % 256), 128) }, "photo.png")
        let large = try Thumbnails.make(path: png, kind: 2, side: 2400)
        #expect(Self.size(ofJPEG: large).map { [$0.width, $0.height] } == [2400, 1600])
        let big = try Self.file([UInt8](large), "photo.jpg")
        let small = try Thumbnails.make(path: big, kind: 1)
        #expect(Self.size(ofJPEG: small).map { [$0.width, $0.height] } == [320, 213])
    }

    @Test func badFilesGiveAReason() throws {
        let bomb = try Self.file(TestImages.claimedPNG(width: 19_000, height: 19_000), "bomb.png")
        #expect(throws: Thumbnails.Failed(reason: "image too large")) { try Thumbnails.make(path: bomb, kind: 2) }
        let huge = try Self.file(TestImages.claimedPNG(width: 30_000, height: 10), "wide.png")
        #expect(throws: Thumbnails.Failed.self) { try Thumbnails.make(path: huge, kind: 2) }
        let whole = TestImages.png(width: 100, height: 100) { _, _ in (1, 2, 3) }
        let truncated = try Self.file(Array(whole.prefix(200)), "truncated.png")
        #expect(throws: Thumbnails.Failed.self) { try Thumbnails.make(path: truncated, kind: 2) }
        let noise = try Self.file([0xFF, 0xD8, 0xFF, 0xE0] + (0..<4000).map { UInt8($0 % 251) }, "noise.jpg")
        #expect(throws: Thumbnails.Failed.self) { try Thumbnails.make(path: noise, kind: 1) }
        #expect(throws: Thumbnails.Failed.self) { try Thumbnails.make(path: Self.directory.appendingPathComponent("absent").path, kind: 1) }
    }

    @Test func thumbnailsAreMadeOnceAndKept() async throws {
        let bytes = TestImages.png(width: 640, height: 480) { x, _ in Self.halves(x, 640) }
        let png = try Self.file(bytes, "kept.png")
        let thumbnails = Thumbnails(cache: Self.directory.appendingPathComponent("cache"))
        let blob = BlobReference(sha256: String(repeating: "ab", count: 32), size: bytes.count, kind: .png)
        let first = try #require(try await thumbnails.thumbnail(of: blob) { URL(fileURLWithPath: png) })
        // The second time the source is not even asked for.
        let second = try await thumbnails.thumbnail(of: blob) { Issue.record("made again"); return nil }
        #expect(second == first)
        let pdf = BlobReference(sha256: String(repeating: "cd", count: 32), size: 10, kind: .pdf)
        #expect(try await thumbnails.thumbnail(of: pdf) { URL(fileURLWithPath: png) } == nil)
    }
}
