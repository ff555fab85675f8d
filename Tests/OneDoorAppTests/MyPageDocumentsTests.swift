import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 我的 beyond the lists (issue 15 §2): a case's written notices and its documents for the
/// applicant to open and save, the result of an electronic delivery, kept delivery addresses
/// chosen again when applying, and how the citizen wants to be told. Another citizen reaches none
/// of it.
@Suite struct MyPageDocumentsTests {
    @Test(arguments: TestDatabaseKind.available)
    func theApplicantOpensTheNoticesAndDocumentsOfTheirCase(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, app in
            let clerk = try await client.token(.clerk)
            let number = try await TripsAndResultsTests.onlineCase(client, app, clerk: clerk, delivery: #"{"method":"electronic"}"#)
            try await TripsAndResultsTests.conclude(client, number)
            clock.advance(by: 61) // one code a minute per phone
            let citizen = try await client.citizenSignIn("13700137000", app)
            let page = String(buffer: try await client.page("/me/cases/\(number)", citizen).body)
            #expect(page.contains("href=\"/me/cases/\(number)/notices/acceptance\"") && page.contains("受理通知书（受理回执）"))
            #expect(page.contains("href=\"/me/cases/\(number)/notices/conclusion\"") && !page.contains("/notices/refusal"))
            // Electronic delivery: the 办结通知书 is the result, offered for download.
            #expect(page.contains("id=\"electronic-result\"") && page.contains("/me/cases/\(number)/notices/conclusion?download=1"))
            let links = page.components(separatedBy: "href=\"/me/cases/\(number)/files/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(links.count == 3)

            let notice = try await client.page("/me/cases/\(number)/notices/acceptance", citizen)
            #expect(notice.status == .ok && String(buffer: notice.body).contains(number) && String(buffer: notice.body).contains("李四"))
            #expect(notice.headers[.contentDisposition] == nil && notice.headers[.cacheControl] == "private, no-store")
            let saved = try await client.page("/me/cases/\(number)/notices/conclusion?download=1", citizen)
            #expect(saved.status == .ok && saved.headers[.contentDisposition]?.hasPrefix("attachment; filename*=UTF-8''") == true)
            #expect(try await client.page("/me/cases/\(number)/notices/refusal", citizen).status == .notFound)
            let file = try await client.page("/me/cases/\(number)/files/\(try #require(links.first))", citizen)
            #expect(file.status == .ok && Array(file.body.readableBytesView).starts(with: CaseFilePagesTests.pdf))

            // Someone else: as if the case did not exist.
            let other = try await client.citizenSignIn("13600136000", app)
            #expect(try await client.page("/me/cases/\(number)", other).status == .notFound)
            #expect(try await client.page("/me/cases/\(number)/notices/acceptance", other).status == .notFound)
            #expect(try await client.page("/me/cases/\(number)/files/\(try #require(links.first))", other).status == .notFound)
            // Signed out: to the sign-in.
            #expect(try await client.page("/me/cases/\(number)/notices/acceptance", nil).status == .seeOther)
        }
    }

    /// With the files in the database (ADR 0030) uploads and downloads work the same, and nothing
    /// is written to the data directory but the read cache.
    @Test(arguments: TestDatabaseKind.available)
    func filesKeptInTheDatabaseAreServedTheSame(_ kind: TestDatabaseKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock, configure: { $0.filesInDatabase = true; $0.dataDirectory = directory.path }) { client, app in
            let number = try await TripsAndResultsTests.onlineCase(client, app, clerk: try await client.token(.clerk))
            clock.advance(by: 61)
            let citizen = try await client.citizenSignIn("13700137000", app)
            let page = String(buffer: try await client.page("/me/cases/\(number)", citizen).body)
            let links = page.components(separatedBy: "href=\"/me/cases/\(number)/files/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(links.count == 3)
            for (index, link) in links.enumerated() {
                let file = try await client.page("/me/cases/\(number)/files/\(link)", citizen)
                #expect(file.status == .ok && Array(file.body.readableBytesView) == CaseFilePagesTests.pdf + [UInt8(index)])
            }
            let stored = try await app.services.cases.repository.database.read { db in try await db.queryFirst("SELECT COUNT(*) AS n FROM blob_contents", [])?.int("n") }
            #expect(stored == 3)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("blobs").path))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("blob-cache").path))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func keptAddressesAreChosenAgainWhenApplying(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let citizen = try await client.citizenSignIn("13800138000", app)
            let bad = try await client.post("/me/addresses", citizen, [("recipient", ""), ("recipientPhone", "12345"), ("address", "禅城区")])
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("收件人不能为空") && String(buffer: bad.body).contains("11 位手机号码"))
            let home = [("recipient", "张三"), ("recipientPhone", "13800138000"), ("address", "禅城区季华五路 1 号")]
            #expect(try await client.post("/me/addresses", citizen, home).status == .seeOther)
            #expect(try await client.post("/me/addresses", citizen, home).status == .seeOther) // the same twice is one
            let identity = try #require(try await app.services.citizens.authenticate(token: try Self.token(citizen)))
            let kept = try await app.services.citizens.addresses(by: identity)
            #expect(kept.count == 1 && kept[0].address.address == "禅城区季华五路 1 号")
            #expect(String(buffer: try await client.page("/me", citizen).body).contains("张三 13800138000 禅城区季华五路 1 号"))

            // Applying: the kept address is offered and taken by its number.
            _ = try await client.post("/me/real-name", citizen, [("name", "张三"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            let started = try await client.post("/me/apply/\(ApplicationPagesTests.food)", citizen, [("hall", "CC"), ("for", "self"), ("key", "key-address-01")])
            let path = ApplicationPagesTests.location(started)
            let form = String(buffer: try await client.page(path, citizen).body)
            #expect(form.contains("name=\"savedAddress\" value=\"\(kept[0].id)\""))
            #expect(try await client.post(path + "/delivery", citizen, [("method", "post"), ("savedAddress", String(kept[0].id))]).status == .seeOther)
            let id = String(path.split(separator: "/").last ?? "")
            #expect(try await app.services.applications.detail(id, by: identity).application.delivery?.address == kept[0].address)
            // A typed address with 保存 ticked is kept too; an address of someone else's is unknown.
            let typed = [("method", "post"), ("savedAddress", ""), ("recipient", "张三"), ("recipientPhone", "13800138000"), ("address", "南海区桂城 2 号"),
                         ("saveAddress", "on")]
            #expect(try await client.post(path + "/delivery", citizen, typed).status == .seeOther)
            #expect(try await app.services.citizens.addresses(by: identity).count == 2)
            let other = try await client.citizenSignIn("13600136000", app)
            #expect(try await client.post("/me/addresses/\(kept[0].id)/delete", other).status == .notFound)
            #expect(try await client.post("/me/addresses/\(kept[0].id)/delete", WebSession(cookie: citizen.cookie, csrf: "forged")).status == .forbidden)
            #expect(try await client.post("/me/addresses/\(kept[0].id)/delete", citizen).status == .seeOther)
            #expect(try await app.services.citizens.addresses(by: identity).count == 1)

            // At most ten.
            for n in 0..<9 {
                #expect(try await client.post("/me/addresses", citizen, [("recipient", "张三"), ("recipientPhone", "13800138000"), ("address", "地址 \(n) 号")]).status == .seeOther)
            }
            let full = try await client.post("/me/addresses", citizen, [("recipient", "张三"), ("recipientPhone", "13800138000"), ("address", "第十一个")])
            #expect(full.status == .unprocessableContent && String(buffer: full.body).contains("最多保存 10 个地址"))
            #expect(try await app.services.citizens.addresses(by: identity).count == 10)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theCitizenSetsHowTheyAreTold(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let citizen = try await client.citizenSignIn("13800138000", app)
            let bad = try await client.post("/me/notifications", citizen, [("emailOn", "on"), ("quietFrom", "21:00"), ("quietUntil", "")])
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("请填写免打扰结束时间"))
            let identity = try #require(try await app.services.citizens.authenticate(token: try Self.token(citizen)))
            #expect(try await app.services.citizens.preferences(by: identity) == .standard)
            let saved = try await client.post("/me/notifications", citizen, [("emailOn", "on"), ("quietFrom", "21:00"), ("quietUntil", "09:00")])
            #expect(saved.status == .seeOther)
            #expect(try await app.services.citizens.preferences(by: identity) == NotificationPreferences(sms: false, email: true, quietFrom: 21 * 60, quietUntil: 9 * 60))
            let me = String(buffer: try await client.page("/me", citizen).body)
            #expect(me.contains("name=\"sms\" id=\"pref-sms\">") && me.contains("value=\"21:00\"") && me.contains("value=\"09:00\""))
        }
    }

    /// The citizen session's token from its cookie.
    static func token(_ session: WebSession) throws -> String {
        guard let value = session.cookie.split(separator: "=", maxSplits: 1).last else { throw TestFailure("no cookie") }
        return String(value)
    }
}
