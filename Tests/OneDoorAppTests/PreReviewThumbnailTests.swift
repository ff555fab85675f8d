import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// The pre-reviewer sees a picture of each image upload beside its material (ADR 0031): a small
/// JPEG, only for those who may review the application, each look logged; none for a PDF.
@Suite struct PreReviewThumbnailTests {
    @Test(arguments: TestDatabaseKind.available)
    func theReviewerSeesAPictureOfEachImage(_ kind: TestDatabaseKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-thumbs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestApp.run(kind, configure: { $0.dataDirectory = directory.path }) { client, app in
            let scan = TestImages.png(width: 1000, height: 1400) { x, y in (x + y) % 50 < 25 ? (0, 0, 0) : (255, 255, 255) }
            let id = try await TripsAndResultsTests.onlineApplication(client, app, scan: scan)
            let clerk = try await client.signIn(.clerk)
            let page = String(buffer: try await client.page("/pre-reviews/\(id)", clerk).body)
            let pictures = page.components(separatedBy: "<img src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(pictures.count == 1 && pictures[0].hasSuffix("/thumbnail") && page.contains("scan.png 缩略图"))
            let picture = try await client.page(pictures[0], clerk)
            #expect(picture.status == .ok && picture.headers[.contentType] == "image/jpeg")
            #expect(Array(picture.body.readableBytesView.prefix(2)) == [0xFF, 0xD8] && picture.body.readableBytes < 40_000)
            // Asked again it is the same picture, from the cache.
            #expect(try await client.page(pictures[0], clerk).body == picture.body)
            let files = try #require(try await app.services.applications.repository.find(id)).1
            let pdf = try #require(files.first { $0.blob.kind == .pdf })
            #expect(try await client.page("/pre-reviews/\(id)/files/\(pdf.id)/thumbnail", clerk).status == .notFound)
            // Not for those who may not review it.
            #expect(try await client.page(pictures[0], try await client.signIn(.approver)).status == .notFound)
            #expect(try await client.page(pictures[0], try await client.signIn(.admin)).status == .forbidden)
            let logged = try await app.services.cases.repository.database.read { db in
                try await db.query("SELECT purpose FROM personal_data_access WHERE case_number = ?", [.text(id)]).map { try $0.string("purpose") }
            }
            #expect(logged.filter { $0.hasPrefix("预审查看缩略图") }.count == 2)
        }
    }
}
