import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 在线办理 and 网上预审 through the pages (issue 15 §3, §4; ADR 0026), for a depth-Ⅱ item: the
/// citizen applies with plain forms, pre-review passes and names the originals once, and the
/// clerk who sees them accepts — one trip. Forms without their token store nothing.
@Suite struct ApplicationPagesTests {
    static let food = Fixtures.foodLicence().implementationCode

    /// The fixture catalogue with 食品经营许可 at depth Ⅱ (网上预审).
    static func depthTwo() -> CatalogDocument {
        var guide = Fixtures.foodLicence()
        guide.onlineDepth = .two
        return Fixtures.document(items: [.init(status: .published, publishedVersion: 1, versions: [guide])])
    }

    static func location(_ response: TestResponse) -> String {
        String((response.headers[.location] ?? "").split(separator: "?")[0].split(separator: "#")[0])
    }

    @Test(arguments: TestDatabaseKind.available)
    func aDepthTwoApplicationNeedsOneVisitWithTheOriginals(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            _ = try await app.catalog.importDocument(Self.depthTwo(), by: .system)
            let guide = String(buffer: try await client.page("/items/\(Self.food)", nil).body)
            #expect(guide.contains("href=\"/me/apply/\(Self.food)\""))
            // Signed out, 在线办理 leads to the citizens' sign-in and back.
            let away = try await client.page("/me/apply/\(Self.food)", nil)
            #expect(away.status == .seeOther && away.headers[.location] == "/citizen/login?next=/me/apply/\(Self.food)")

            var citizen = try await client.citizenSignIn("13800138000", app)
            _ = try await client.post("/me/real-name", citizen, [("name", "张三"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            let form = String(buffer: try await client.page("/me/apply/\(Self.food)", citizen).body)
            #expect(form.contains("网上预审") && form.contains("name=\"key\""))
            // Without the form's token: refused, nothing started.
            let forged = try await client.post("/me/apply/\(Self.food)", WebSession(cookie: citizen.cookie, csrf: "forged"), [("hall", "CC"), ("key", "key-forged-1")])
            #expect(forged.status == .forbidden)
            let started = try await client.post("/me/apply/\(Self.food)", citizen, [("hall", "CC"), ("for", "self"), ("key", "key-page-0001")])
            let path = Self.location(started)
            #expect(started.status == .seeOther && path.hasPrefix("/me/applications/WS"))
            let id = String(path.split(separator: "/").last ?? "")
            citizen = WebSession(cookie: citizen.cookie, csrf: try #require(csrfToken(in: String(buffer: try await client.page(path, citizen).body))))

            // A forged upload stores nothing; a PNG named .pdf is named on the page.
            let forgedUpload = try await CaseFilePagesTests.upload(client, path + "/materials/0/files", citizen, csrf: "forged",
                                                                   files: [("file", "申请书.pdf", CaseFilePagesTests.pdf)])
            #expect(forgedUpload.status == .forbidden)
            let wrong = try await CaseFilePagesTests.upload(client, path + "/materials/0/files", citizen, files: [("file", "申请书.pdf", CaseFilePagesTests.png)])
            #expect(wrong.status == .unprocessableContent && String(buffer: wrong.body).contains("扩展名"))
            for index in 0..<2 {
                let uploaded = try await CaseFilePagesTests.upload(client, path + "/materials/\(index)/files", citizen,
                                                                   files: [("file", "材料\(index).pdf", CaseFilePagesTests.pdf)])
                #expect(uploaded.status == .seeOther)
            }
            #expect(try await client.post(path + "/delivery", citizen, [("method", "pickup")]).status == .seeOther)
            let submitted = try await client.post(path + "/submit", citizen, [("key", "submit-page-0001")])
            #expect(submitted.status == .seeOther)
            // A second click of the same page's button changes nothing.
            #expect(try await client.post(path + "/submit", citizen, [("key", "submit-page-0001")]).status == .seeOther)
            #expect(try await app.services.applications.repository.events(id).filter { $0.action == "submit" }.count == 1)

            // The clerk's queue, the review beside the requirements, a decision without a choice refused.
            let clerk = try await client.signIn(.clerk)
            let queue = String(buffer: try await client.page("/pre-reviews", clerk).body)
            #expect(queue.contains(id) && queue.contains("4401**********001X") && !queue.contains("44011320141005001X"))
            let review = String(buffer: try await client.page("/pre-reviews/\(id)", clerk).body)
            #expect(review.contains("预审通过（告知携带原件）") && review.contains("/pre-reviews/\(id)/files/"))
            let undecided = try await client.post("/pre-reviews/\(id)", clerk, [("opinion", "")])
            #expect(undecided.status == .unprocessableContent && String(buffer: undecided.body).contains("请选择预审决定"))
            let passed = try await client.post("/pre-reviews/\(id)", clerk, [("decision", "accept")])
            #expect(passed.status == .seeOther && Self.location(passed) == "/pre-reviews")

            // The applicant is told once which originals to bring, where.
            let mine = String(buffer: try await client.page(path, citizen).body)
            #expect(mine.contains("originals-notice") && mine.contains("食品经营许可申请书（原件 1 份）") && mine.contains("营业执照（原件 1 份）"))
            let told = try await app.services.notifications.repository.list(limit: 50, offset: 0).messages.map(\.message.template)
            #expect(told.contains("application-originals"))

            // At the window with the originals: accepted, one trip; the 容缺 material needs its date.
            let undated = try await client.post("/pre-reviews/\(id)", clerk, [("decision", "accept-originals")])
            #expect(undated.status == .unprocessableContent)
            let accepted = try await client.post("/pre-reviews/\(id)", clerk, [("decision", "accept-originals"), ("due2", "2026-10-16")])
            #expect(accepted.status == .seeOther && Self.location(accepted).hasPrefix("/cases/CC-"))
            let number = try #require(CaseNumber(parsing: String(Self.location(accepted).dropFirst("/cases/".count))))
            let record = try #require(try await app.services.cases.repository.find(number))
            #expect(record.trips == 1 && record.materials.prefix(2).allSatisfy(\.original) && record.application == id)
            let myCase = String(buffer: try await client.page("/me/cases/\(number)", citizen).body)
            #expect(myCase.contains("1 次（最多跑一次）") && myCase.contains("网上申报"))
        }
    }
}
