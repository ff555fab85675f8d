import Foundation
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import OpenAPIRuntime
import Testing

/// 网上申报 and 网上预审 through the API (issue 15 §3, §6; ADR 0026), on both databases: a citizen
/// starts an application, uploads each material, chooses delivery and submits; the hall's clerk
/// pre-reviews it, asks for a correction, and accepts the fixed application into a case that the
/// citizen sees in 我的 with no trip.
@Suite struct TypedApplicationTests {
    static let food = Fixtures.foodLicence().implementationCode
    static let pdf = Array("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 200)

    /// A signed-in citizen client for `phone`, real name declared when `name` is given.
    static func citizen(_ phone: String, name: String? = "张三", id: String = "44011320141005001X",
                        _ client: any TestClientProtocol, _ app: OneDoorApplication) async throws -> Client {
        Client.router(client, token: try await token(phone, name: name, id: id, client, app))
    }

    static func token(_ phone: String, name: String? = "张三", id: String = "44011320141005001X",
                      _ client: any TestClientProtocol, _ app: OneDoorApplication) async throws -> String {
        let anyone = Client.router(client)
        _ = try await anyone.requestCitizenCode(body: .json(.init(phone: phone))).accepted
        let code = try await TypedCitizenTests.code(sentTo: phone, app)
        let token = try await anyone.createCitizenSession(body: .json(.init(phone: phone, code: code))).created.body.json.token
        if let name {
            _ = try await Client.router(client, token: token).declareRealName(body: .json(.init(name: name, documentType: .residentId, documentNumber: id))).ok
        }
        return token
    }

    static func upload(_ citizen: Client, _ id: String, material: Int, name: String, _ bytes: [UInt8]) async throws -> Operations.UploadApplicationFile.Output {
        try await citizen.uploadApplicationFile(path: .init(id: id, index: material), query: .init(name: name), body: .binary(HTTPBody(bytes)))
    }

    static func templates(to phone: String, _ app: OneDoorApplication) async throws -> [String] {
        try await app.services.notifications.repository.list(limit: 200, offset: 0).messages
            .filter { $0.message.recipient == phone }.map(\.message.template)
    }

    @Test(arguments: TestDatabaseKind.available)
    func anApplicationIsCorrectedOnlineAndAcceptedWithNoTrip(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            // The applicant comes from the account: no real name, no application.
            let nameless = try await Self.citizen("13900139000", name: nil, client, app)
            _ = try await nameless.createApplication(body: .json(.init(item: Self.food))).forbidden
            let citizen = try await Self.citizen("13800138000", client, app)
            let started = try await citizen.createApplication(body: .json(.init(item: Self.food, key: "start-0001"))).created.body.json
            #expect(started.state == .draft && started.depth == 3 && started.hall == "CC" && started.applicant.person?.documentNumber == "4401**********001X")
            // A double click on 在线办理 makes one application.
            #expect(try await citizen.createApplication(body: .json(.init(item: Self.food, key: "start-0001"))).created.body.json.id == started.id)
            #expect(try await citizen.listMyApplications().ok.body.json.total == 1)
            let id = started.id

            // Uploads are recognised by content: a PNG named .pdf is refused, a path in the name is dropped.
            let wrong = try await Self.upload(citizen, id, material: 0, name: "申请书.pdf", Self.png).unprocessableContent.body.applicationProblemJson
            #expect(wrong.errors?.first?.path == "name" && wrong.detail.contains("PNG"))
            let zip = try await Self.upload(citizen, id, material: 0, name: "材料.zip", Array("PK\u{3}\u{4}zipzipzip".utf8)).unprocessableContent.body.applicationProblemJson
            #expect(zip.detail.contains("PDF"))
            _ = try await Self.upload(citizen, id, material: 7, name: "x.pdf", Self.pdf).unprocessableContent
            let form = try await Self.upload(citizen, id, material: 0, name: "申请书.pdf", Self.pdf).created.body.json
            #expect(form.kind == .pdf && form.size == Self.pdf.count && form.sha256.count == 64)
            let licence = try await Self.upload(citizen, id, material: 1, name: "../../etc/营业执照.png", Self.png).created.body.json
            #expect(licence.name == "营业执照.png")

            // Everything missing is named at once: here the delivery; post needs an address.
            let early = try await citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "submit-0001"))).unprocessableContent.body.applicationProblemJson
            #expect(early.errors?.map(\.path) == ["delivery"])
            let noAddress = try await citizen.setApplicationDelivery(path: .init(id: id), body: .json(.init(method: .post))).unprocessableContent.body.applicationProblemJson
            #expect(noAddress.errors?.map(\.path) == ["delivery.address"])
            let chosen = try await citizen.setApplicationDelivery(path: .init(id: id), body: .json(.init(
                method: .post, address: .init(recipient: "张三", phone: "13800138000", address: "佛山市禅城区岭南大道北 18 号")))).ok.body.json
            #expect(chosen.delivery?.method == .post && chosen.delivery?.address?.phone == "138****8000")

            // Submitted once, however often the same submission is repeated; another is refused.
            let submitted = try await citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "submit-0001"))).ok.body.json
            #expect(submitted.state == .submitted && submitted.submissions == 1 && submitted.reviewDeadline == "2026-09-29")
            let again = try await citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "submit-0001"))).ok.body.json
            #expect(again.revision == submitted.revision && again.submissions == 1)
            _ = try await citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "submit-0002"))).conflict
            _ = try await Self.upload(citizen, id, material: 2, name: "平面图.pdf", Self.pdf).conflict

            // Nobody else sees it: another citizen, an approver.
            let other = try await Self.citizen("13700137000", name: "李四", id: "11010519491231002X", client, app)
            _ = try await other.getApplication(path: .init(id: id)).notFound
            _ = try await other.submitApplication(path: .init(id: id), body: .json(.init())).notFound
            let undertaker = try await ClientHarness.signedIn(client, "undertaker")
            // An approver's queue holds only the items their department pre-reviews itself.
            #expect(try await undertaker.listPreReviews().ok.body.json.total == 0)
            _ = try await undertaker.getPreReview(path: .init(id: id)).notFound

            // The hall's clerk sees it in the queue, masked, and opens it (logged).
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let queue = try await clerk.listPreReviews().ok.body.json
            #expect(queue.total == 1 && queue.items.first?.light == .green && queue.items.first?.application.applicant.person?.documentNumber == "4401**********001X")
            let review = try await clerk.getPreReview(path: .init(id: id)).ok.body.json
            #expect(review.materials.map(\.files.count) == [1, 1, 0] && review.materials[2].necessity == .deferrable)
            #expect(try await app.services.cases.repository.accessLog(caseNumber: id, limit: 10, offset: 0).entries.first?.purpose == "网上预审")

            // 补齐补正: every material named at once; nothing listed is refused.
            let empty = try await clerk.decidePreReview(path: .init(id: id), body: .json(.init(decision: .correction))).unprocessableContent.body.applicationProblemJson
            #expect(empty.errors?.map(\.path) == ["defects"])
            let corrected = try await clerk.decidePreReview(path: .init(id: id), body: .json(.init(
                decision: .correction, revision: review.application.revision, defects: [.init(material: 1, problem: "照片模糊，请重新扫描")]))).ok.body.json
            #expect(corrected.application.state == .correction && corrected.application.defects.map(\.materialName) == ["营业执照"])
            #expect(corrected.caseNumber == nil)

            // The citizen must upload the fix before resubmitting.
            let unfixed = try await citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "submit-0003"))).unprocessableContent.body.applicationProblemJson
            #expect(unfixed.errors?.map(\.path) == ["materials[1]"])
            _ = try await Self.upload(citizen, id, material: 1, name: "营业执照-清晰.pdf", Self.pdf + [0x0A]).created
            let resubmitted = try await citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "submit-0003"))).ok.body.json
            #expect(resubmitted.state == .submitted && resubmitted.submissions == 2)

            // 受理 as at a window: the 容缺 material not uploaded needs its date.
            let undated = try await clerk.decidePreReview(path: .init(id: id), body: .json(.init(decision: .accept))).unprocessableContent.body.applicationProblemJson
            #expect(undated.errors?.map(\.path) == ["materials[2].dueDate"])
            // 受理: a case, channel online, its documents the uploads, no trip, the clock running.
            let accepted = try await clerk.decidePreReview(path: .init(id: id), body: .json(.init(
                decision: .accept, opinion: "材料齐全", dueDates: [.init(material: 2, date: "2026-10-16")]))).ok.body.json
            let number = try #require(accepted.caseNumber)
            #expect(accepted.application.state == .accepted)
            let caseNumber = try #require(CaseNumber(parsing: number))
            let record = try #require(try await app.services.cases.repository.find(caseNumber))
            #expect(record.application == id && record.trips == 0 && record.state == .accepted && record.deliveryChoice?.method == .post)
            #expect(record.materials.map(\.received) == [true, true, false] && record.materials.allSatisfy { !$0.received || $0.electronic })
            #expect(record.materials[2].dueDate == CivilDate("2026-10-16") && record.promisedDeadline != nil)
            let documents = try await app.services.caseFiles.repository.files(of: record.number)
            #expect(documents.map(\.materialIndex) == [0, 1, 1] && documents.allSatisfy { $0.uploadedBy == "申请人" })

            // Nothing more can change it; the citizen sees the case in 我的 (self-declared: their own online case only).
            _ = try await citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "submit-0004"))).conflict
            _ = try await clerk.decidePreReview(path: .init(id: id), body: .json(.init(decision: .accept))).conflict
            let mine = try await citizen.listMyCases().ok.body.json
            #expect(mine.items.map(\.number) == [number])
            #expect(try await other.listMyCases().ok.body.json.total == 0)

            // Told at each step, by SMS: received twice, the correction, the acceptance.
            let told = try await Self.templates(to: "13800138000", app)
            #expect(told.filter { $0 == "application-received" }.count == 2)
            #expect(told.contains("application-correction") && told.contains("case-accepted"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func twoSubmitsAtOnceMakeOneSubmission(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let citizen = try await Self.citizen("13800138000", client, app)
            // A double click on 在线办理: two starts with one key at once, one application.
            async let started1 = citizen.createApplication(body: .json(.init(item: Self.food, key: "double-start")))
            async let started2 = citizen.createApplication(body: .json(.init(item: Self.food, key: "double-start")))
            let starts = [try await started1, try await started2]
            let ids = try Set(starts.map { try $0.created.body.json.id })
            let listed = try await citizen.listMyApplications().ok.body.json.total
            #expect(ids.count == 1 && listed == 1)
            let id = try #require(ids.first)
            _ = try await Self.upload(citizen, id, material: 0, name: "a.pdf", Self.pdf).created
            _ = try await Self.upload(citizen, id, material: 1, name: "b.pdf", Self.pdf).created
            _ = try await citizen.setApplicationDelivery(path: .init(id: id), body: .json(.init(method: .electronic))).ok
            // A double click: the same key twice at once, both answered, one submission.
            async let first = citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "double-click")))
            async let second = citizen.submitApplication(path: .init(id: id), body: .json(.init(key: "double-click")))
            let answers = [try await first, try await second]
            #expect(try answers.map { try $0.ok.body.json.submissions } == [1, 1])
            let history = try await citizen.getApplication(path: .init(id: id)).ok.body.json.history
            #expect(history.filter { $0.action == "submit" }.count == 1)
            #expect(try await Self.templates(to: "13800138000", app).filter { $0 == "application-received" }.count == 1)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aFileOverTheLimitStopsAtTheLimitAndStoresNothing(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let token = try await Self.token("13800138000", client, app)
            let citizen = Client.router(client, token: token)
            let id = try await citizen.createApplication(body: .json(.init(item: Self.food))).created.body.json.id
            // 25 MB, sent as it is (the typed client would buffer it): refused at 20 MB.
            let big = ByteBuffer(bytes: Self.pdf + Array(repeating: 0x20, count: 25 << 20))
            let refused = try await client.execute(uri: "/api/v1/applications/\(id)/materials/0/files?name=scan.pdf", method: .post,
                                                   headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: big)
            #expect(refused.status == .contentTooLarge && String(buffer: refused.body).contains("20 MB"))
            _ = try await Self.upload(citizen, id, material: 0, name: "空.pdf", []).unprocessableContent
            #expect(try await citizen.getApplication(path: .init(id: id)).ok.body.json.materials.allSatisfy { $0.files.isEmpty })
            // Nothing is left in the store's temporary directory.
            let temporary = app.services.applications.store.temporaryDirectory
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []).isEmpty)
        }
    }
}
