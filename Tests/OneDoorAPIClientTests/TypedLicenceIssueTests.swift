import Crypto
import Foundation
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Electronic licences over the API on both databases (issue 16 §3): issued signed in the
/// transaction that concludes the case, verified by anyone, held in 我的证照, suspended, restored
/// and revoked by the issuing department, versioned by a change, and still verifiable after the
/// department's key is rotated; an altered licence or status fails verification.
@Suite struct TypedLicenceIssueTests {
    static let uscc = "91440604MA4UJ1234" + String(USCC.checkCharacter(for: "91440604MA4UJ1234")!)
    static let fields: [String: String] = [
        "operator": "佛山市某某餐饮有限公司", "legalRepresentative": "张三", "address": "佛山市禅城区祖庙路 1 号",
        "mainBusiness": "餐饮服务经营者（小型餐馆）", "items": "热食类食品制售",
    ]

    /// The fixture food licence, made to issue the 食品经营许可证 (SCJG02).
    static func issuingFoodLicence(_ app: OneDoorApplication) async throws {
        var guide = Fixtures.foodLicence()
        guide.result.licenceType = "SCJG02"
        let current = try #require(try await app.catalog.item(code: ItemCode(rawValue: guide.implementationCode), version: nil, staff: true))
        _ = try await app.catalog.update(guide, expectedVersion: current.latestVersion, by: .system)
        try await app.catalog.publish(code: ItemCode(rawValue: guide.implementationCode), by: .system)
    }

    /// A food-licence case taken to 决定（准予）; its number and revision.
    static func decided(_ client: any TestClientProtocol) async throws -> (String, Int) {
        let clerk = try await ClientHarness.signedIn(client, "clerk")
        let number = try await clerk.createCase(body: .json(TypedCaseTests.intake())).created.body.json._case.number
        var revision = 1
        for (person, action, body) in [("undertaker", Operations.CaseAction.Input.Path.ActionPayload.undertake, Components.Schemas.CaseActionBody(opinion: "拟准予")),
                                       ("reviewer", .review, .init(opinion: "同意")), ("decider", .decide, .init(opinion: "准予许可", granted: true))] {
            var body = body
            body.revision = revision
            revision = try await ClientHarness.signedIn(client, person).caseAction(path: .init(number: number, action: action), body: .json(body))
                .ok.body.json._case.revision
        }
        return (number, revision)
    }

    static func draft(_ fields: [String: String] = fields, holder: String = uscc) -> Components.Schemas.LicenceDraft {
        .init(holderCode: holder, holderName: "佛山市某某餐饮有限公司", fields: .init(additionalProperties: fields))
    }

    /// Checks a compact JWS with a published key, with swift-crypto alone: not through our code.
    static func signatureHolds(_ token: String, keys: [Components.Schemas.LicenceKey]) throws -> Bool {
        let parts = token.split(separator: ".").map(String.init)
        guard parts.count == 3, let header = Data(base64URL: parts[0]),
              let kid = (try JSONSerialization.jsonObject(with: header) as? [String: Any])?["kid"] as? String,
              let key = keys.first(where: { $0.kid == kid }), let raw = Data(base64URL: key.x), let signature = Data(base64URL: parts[2]) else { return false }
        return try Curve25519.Signing.PublicKey(rawRepresentation: raw).isValidSignature(signature, for: Data((parts[0] + "." + parts[1]).utf8))
    }

    @Test(arguments: TestDatabaseKind.available)
    func aConclusionIssuesASignedLicenceThatAnyoneVerifiesAndItsHolderSees(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            try await Self.issuingFoodLicence(app)
            let (number, revision) = try await Self.decided(client)
            let decider = try await ClientHarness.signedIn(client, "decider")
            let conclude = { (body: Components.Schemas.CaseActionBody) in
                try await decider.caseAction(path: .init(number: number, action: .conclude), body: .json(body))
            }
            // No licence data, or bad data: nothing concluded, every problem named.
            let missing = try await conclude(.init(revision: revision, opinion: "已制证")).unprocessableContent.body.applicationProblemJson
            #expect(missing.errors?.map(\.path) == ["licence"])
            var partial = Self.fields
            partial["items"] = nil
            partial["colour"] = "红"
            let bad = try await conclude(.init(revision: revision, licence: Self.draft(partial, holder: "91440604MA4UJ12340"))).unprocessableContent
                .body.applicationProblemJson
            #expect(Set(bad.errors?.map(\.path) ?? []) == ["licence.fields.items", "licence.fields.colour", "licence.holderCode"])
            // A stale page: the conclusion and its licence both refused.
            _ = try await conclude(.init(revision: revision - 1, licence: Self.draft())).conflict
            #expect(try await app.services.licences.repository.issued(by: number) == nil)

            let concluded = try await conclude(.init(revision: revision, opinion: "已制证", licence: Self.draft())).ok.body.json
            #expect(concluded._case.state == .concluded)
            let record = try #require(try await app.services.licences.repository.issued(by: number))
            let licence = record.licence
            #expect(licence.identifier.hasPrefix("1.2.156.3005.2.SCJG02.\(Fixtures.marketUSCC).00000001.001."))
            #expect(licence.holder == LicenceHolder(kind: .enterprise, code: Self.uscc, name: "佛山市某某餐饮有限公司"))
            #expect(licence.issuedOn == CivilDate("2026-09-28") && licence.validUntil == CivilDate("2031-09-27") && licence.caseNumber == number)
            #expect(licence.value("items") == "热食类食品制售" && licence.fields.count == 5)
            guard case .success = LicenceIdentifier.parse(licence.identifier) else { Issue.record("identifier \(licence.identifier)"); return }

            // Anyone verifies it; the signature holds with the published key, checked apart from our code.
            let anyone = Client.router(client)
            let verified = try await anyone.verifyLicence(path: .init(identifier: licence.identifier)).ok.body.json
            #expect(verified.standing == .valid && verified.licence?.holder.code == Self.uscc && verified.licence?.fields.count == 5)
            // The platform's own key (it signs the logs' daily anchors) is published beside the departments'.
            let keys = try await anyone.listLicenceKeys().ok.body.json.keys
            #expect(keys.filter { $0.department != "platform" }.map(\.department) == ["SCJG"])
            #expect(keys.allSatisfy { $0.kty == "OKP" && $0.crv == "Ed25519" && $0.retiredAt == nil })
            #expect(try Self.signatureHolds(record.token, keys: keys))
            // Offline (onedoor licence verify): the file against the published keys, without the platform.
            let published = try await client.execute(uri: "/api/v1/licence-keys", method: .get, headers: [:], body: nil)
            let keysJSON = Data(String(buffer: published.body).utf8)
            let offline = await OfflineLicenceCheck.check(token: record.token + "\n", keys: keysJSON, today: CivilDate("2026-09-28")!)
            #expect(offline.valid && offline.licence == licence && offline.lines.first?.hasPrefix("签章有效") == true)
            let late = await OfflineLicenceCheck.check(token: record.token, keys: keysJSON, today: CivilDate("2031-09-28")!)
            #expect(!late.valid && late.lines.first?.hasPrefix("已过期") == true)
            let parts = record.token.split(separator: ".").map(String.init)
            let forged = parts[0] + "." + AuthService.base64URL(Data(String(data: Data(base64URL: parts[1])!, encoding: .utf8)!
                .replacingOccurrences(of: "热食类食品制售", with: "冷食类食品制售").utf8)) + "." + parts[2]
            #expect(await OfflineLicenceCheck.check(token: forged, keys: keysJSON, today: CivilDate("2026-09-28")!).lines == ["无效：签名验证失败：证照内容被改动，或不是该密钥签发"])
            #expect(await !OfflineLicenceCheck.check(token: record.token, keys: Data(#"{"keys":[]}"#.utf8), today: CivilDate("2026-09-28")!).valid)

            // One character of the identifier changed: its check character says so.
            var altered = Array(licence.identifier)
            altered[altered.count - 3] = altered[altered.count - 3] == "1" ? "2" : "1"
            let wrong = try await anyone.verifyLicence(path: .init(identifier: String(altered))).unprocessableContent.body.applicationProblemJson
            #expect(wrong.errors?.first?.reason.contains("校验位") == true)

            // The issuing department and supervisors read it (recorded); a clerk does not.
            let read = try await decider.getLicence(path: .init(identifier: licence.identifier)).ok.body.json
            #expect(read.history.map(\.action) == ["issue"] && read.token == record.token && read.status == .valid)
            _ = try await ClientHarness.signedIn(client, "supervisor").getLicence(path: .init(identifier: licence.identifier)).ok
            _ = try await ClientHarness.signedIn(client, "clerk").getLicence(path: .init(identifier: licence.identifier)).forbidden
            let listed = try await decider.listDepartmentLicences(path: .init(code: "SCJG")).ok.body.json
            #expect(listed.total == 1 && listed.items.first?.standing == .valid)

            // The enterprise's people see it in 我的证照 once a clerk verified who represents it.
            let representative = try await TypedApplicationTests.citizen("13800138000", client, app)
            _ = try await representative.registerEnterprise(body: .json(.init(uscc: Self.uscc, name: "佛山市某某餐饮有限公司"))).created
            #expect(try await representative.listMyLicences().ok.body.json.items.isEmpty)
            _ = try await representative.getLicence(path: .init(identifier: licence.identifier)).notFound
            _ = try await ClientHarness.signedIn(client, "clerk").verifyEnterprise(body: .json(.init(uscc: Self.uscc, phone: "13800138000"))).ok
            #expect(try await representative.listMyLicences().ok.body.json.items.map(\.licence.identifier) == [licence.identifier])
            let held = try await representative.getLicence(path: .init(identifier: licence.identifier)).ok.body.json
            #expect(held.history.first?.actor == "禅城区市场监督管理局")
            let stranger = try await TypedApplicationTests.citizen("13700137000", name: "李四", id: "11010519491231002X", client, app)
            _ = try await stranger.getLicence(path: .init(identifier: licence.identifier)).notFound
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aChangeSupersedesRevocationIsFinalAlterationsFailAndRotatedKeysStillVerify(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(ClientHarness.start)
        try await ClientHarness.run(kind, clock: clock) { client, app in
            try await Self.issuingFoodLicence(app)
            let decider = try await ClientHarness.signedIn(client, "decider")
            var issued: [String] = [], numbers: [String] = []
            for address in ["佛山市禅城区祖庙路 1 号", "佛山市禅城区季华路 8 号"] {
                let (number, revision) = try await Self.decided(client)
                numbers.append(number)
                var fields = Self.fields
                fields["address"] = address
                _ = try await decider.caseAction(path: .init(number: number, action: .conclude), body: .json(.init(revision: revision, licence: Self.draft(fields)))).ok
                issued.append(try #require(try await app.services.licences.repository.issued(by: number)).licence.identifier)
            }
            // The second is the next version of the first (变更), which is superseded.
            let anyone = Client.router(client)
            let first = try await anyone.verifyLicence(path: .init(identifier: issued[0])).ok.body.json
            let second = try await anyone.verifyLicence(path: .init(identifier: issued[1])).ok.body.json
            #expect(issued[1].contains(".00000001.002.") && first.standing == .superseded && first.supersededBy == issued[1])
            #expect(second.standing == .valid && second.licence?.supersedes == issued[0] && second.licence?.fields.first { $0.key == "address" }?.value == "佛山市禅城区季华路 8 号")

            // Each holder is told 30 days before the last day (2031-09-27 → 2031-08-28, 09:00 China time),
            // written with the conclusion and waiting in the outbox; the superseded one will not be sent.
            let outbox = OutboxRepository(database: app.services.licences.repository.database)
            var notices: [OutboxMessage] = []
            for number in numbers {
                let notice = try #require(try await outbox.find(key: "case:\(number):licence-renewal:2031-09-27:sms"))
                #expect(notice.notBefore == 1_945_645_200 && notice.message.recipient == "13800138000")
                #expect(notice.message.body.contains("食品经营许可证将于2031年9月27日到期"))
                notices.append(notice)
            }
            #expect(await app.services.cases.licenceRenewalMoot(notices[0]) == "证照已变更（被新版本取代）")
            #expect(await app.services.cases.licenceRenewalMoot(notices[1]) == nil)

            // Suspend, restore, revoke — with reasons, by the issuing department only; revoked is final.
            let act = { (action: Operations.LicenceAction.Input.Path.ActionPayload, reason: String) in
                try await decider.licenceAction(path: .init(identifier: issued[1], action: action), body: .json(.init(reason: reason)))
            }
            #expect(try await act(.suspend, "").unprocessableContent.body.applicationProblemJson.errors?.map(\.path) == ["reason"])
            _ = try await ClientHarness.signedIn(client, "supervisor").licenceAction(path: .init(identifier: issued[1], action: .revoke),
                                                                                    body: .json(.init(reason: "越权"))).forbidden
            #expect(try await act(.suspend, "责令停业整顿").ok.body.json.status == .suspended)
            #expect(try await anyone.verifyLicence(path: .init(identifier: issued[1])).ok.body.json.standing == .suspended)
            _ = try await act(.restore, "整改完成").ok
            // A page showing "suspended" after the restore is stale.
            _ = try await decider.licenceAction(path: .init(identifier: issued[1], action: .revoke), body: .json(.init(reason: "x", status: .suspended))).conflict
            let revoked = try await act(.revoke, "以欺骗手段取得许可，依法撤销").ok.body.json
            #expect(revoked.history.map(\.action) == ["issue", "suspend", "restore", "revoke"] && revoked.status == .revoked)
            _ = try await act(.restore, "再恢复").conflict
            let told = try await anyone.verifyLicence(path: .init(identifier: issued[1])).ok.body.json
            #expect(told.standing == .revoked && told.reason == "以欺骗手段取得许可，依法撤销")
            #expect(await app.services.cases.licenceRenewalMoot(notices[1]) == "证照已注销（吊销）")

            // Someone with the database writes "valid" back: the signed history says otherwise.
            let database = app.services.licences.repository.database
            try await database.write { db in try await db.execute("UPDATE licences SET status = 'valid', status_reason = '' WHERE identifier = ?", [.text(issued[1])]) }
            // Remembered answers live 10 s (a change made through the platform is seen at once; one behind its back, after that).
            #expect(try await anyone.verifyLicence(path: .init(identifier: issued[1])).ok.body.json.standing == .revoked)
            clock.advance(by: 11)
            let forged = try await anyone.verifyLicence(path: .init(identifier: issued[1])).ok.body.json
            #expect(forged.standing == .invalid && forged.licence == nil && forged.reason.contains("状态"))
            // …or only the reason shown.
            try await database.write { db in
                try await db.execute("UPDATE licences SET status = 'revoked', status_reason = '误操作，请忽略' WHERE identifier = ?", [.text(issued[1])])
            }
            clock.advance(by: 11)
            #expect(try await anyone.verifyLicence(path: .init(identifier: issued[1])).ok.body.json.standing == .invalid)
            try await database.write { db in
                try await db.execute("UPDATE licences SET status_reason = '以欺骗手段取得许可，依法撤销' WHERE identifier = ?", [.text(issued[1])])
            }
            clock.advance(by: 11)
            #expect(try await anyone.verifyLicence(path: .init(identifier: issued[1])).ok.body.json.standing == .revoked)
            // Or alters the licence itself, keeping the signature: the signature fails.
            let token = try #require(try await app.services.licences.repository.find(issued[0])).token
            let parts = token.split(separator: ".").map(String.init)
            let payloadData = try #require(Data(base64URL: parts[1]))
            let payload = try #require(String(data: payloadData, encoding: .utf8))
            let changed = AuthService.base64URL(Data(payload.replacingOccurrences(of: "祖庙路 1 号", with: "祖庙路 9 号").utf8))
            try await database.write { db in
                try await db.execute("UPDATE licences SET token = ? WHERE identifier = ?", [.text(parts[0] + "." + changed + "." + parts[2]), .text(issued[0])])
            }
            clock.advance(by: 11)
            let altered = try await anyone.verifyLicence(path: .init(identifier: issued[0])).ok.body.json
            #expect(altered.standing == .invalid && altered.reason.contains("签名"))
            try await database.write { db in try await db.execute("UPDATE licences SET token = ? WHERE identifier = ?", [.text(token), .text(issued[0])]) }
            clock.advance(by: 11)

            // The administrator rotates the department's key: what the old key signed still verifies,
            // the next licence is signed with the new one; only administrators rotate.
            _ = try await decider.rotateLicenceKey(path: .init(code: "SCJG")).forbidden
            let admin = try await ClientHarness.signedIn(client, "admin")
            let newKey = try await admin.rotateLicenceKey(path: .init(code: "SCJG")).ok.body.json
            _ = try await admin.rotateLicenceKey(path: .init(code: "NOPE")).notFound
            let keys = try await anyone.listLicenceKeys().ok.body.json.keys
            let department = keys.filter { $0.department == "SCJG" }
            #expect(department.count == 2 && department.filter { $0.retiredAt == nil }.map(\.kid) == [newKey.kid])
            #expect(try await anyone.verifyLicence(path: .init(identifier: issued[0])).ok.body.json.standing == .superseded)
            let (number, revision) = try await Self.decided(client)
            _ = try await decider.caseAction(path: .init(number: number, action: .conclude), body: .json(.init(revision: revision, licence: Self.draft()))).ok
            let third = try #require(try await app.services.licences.repository.issued(by: number))
            let holds = try Self.signatureHolds(third.token, keys: keys)
            #expect(third.licence.identifier.contains(".00000002.001.") && holds)
            #expect(LicenceKeyRingPeek.kid(third.token) == newKey.kid)
            let verified = try await anyone.verifyLicence(path: .init(identifier: third.licence.identifier)).ok.body.json
            #expect(verified.standing == .valid && verified.keyId == newKey.kid)
        }
    }
}

/// The `kid` of a compact JWS, read here without our code.
enum LicenceKeyRingPeek {
    static func kid(_ token: String) -> String? {
        guard let header = token.split(separator: ".").first, let data = Data(base64URL: String(header)) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["kid"] as? String
    }
}

/// A 即办件 concluded at the window issues its licence on the spot, in the intake's transaction
/// (issue 16 §3): without the licence's face nothing is stored; with it the case, numbered, and
/// its licence naming that number are stored together, with the renewal notice waiting.
@Suite struct TypedImmediateLicenceTests {
    @Test(arguments: TestDatabaseKind.available)
    func anImmediateItemIssuesItsLicenceAtTheWindow(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let guide = Fixtures.immediateFoodLicence()
            let code = ItemCode(rawValue: guide.implementationCode)
            let current = try #require(try await app.catalog.item(code: code, version: nil, staff: true))
            _ = try await app.catalog.update(guide, expectedVersion: current.latestVersion, by: .system)
            try await app.catalog.publish(code: code, by: .system)

            let clerk = try await ClientHarness.signedIn(client, "clerk")
            var body = TypedRecordTests.enterpriseIntake(licence: .init(name: "营业执照", received: true))
            body.applicant.enterprise?.phone = "13800138000"
            body.outcome = .acceptAndConclude
            let missing = try await clerk.createCase(body: .json(body)).unprocessableContent.body.applicationProblemJson
            #expect(missing.errors?.map(\.path) == ["licence"])
            var partial = TypedLicenceIssueTests.fields
            partial["items"] = nil
            body.licence = .init(fields: .init(additionalProperties: partial))
            let bad = try await clerk.createCase(body: .json(body)).unprocessableContent.body.applicationProblemJson
            #expect(bad.errors?.map(\.path) == ["licence.fields.items"])
            let stored = try await app.services.cases.repository.database.read { db in try await db.queryFirst("SELECT COUNT(*) AS n FROM cases")?.int("n") }
            #expect(stored == 0)

            body.licence = .init(fields: .init(additionalProperties: TypedLicenceIssueTests.fields))
            let opened = try await clerk.createCase(body: .json(body)).created.body.json._case
            #expect(opened.state == .concluded)
            let record = try #require(try await app.services.licences.repository.issued(by: opened.number))
            #expect(record.licence.caseNumber == opened.number && record.licence.holder.code == TypedRecordTests.uscc && record.status == .valid)
            #expect(record.licence.identifier.hasPrefix("1.2.156.3005.2.SCJG02.\(Fixtures.marketUSCC).00000001.001."))
            let verified = try await Client.router(client).verifyLicence(path: .init(identifier: record.licence.identifier)).ok.body.json
            #expect(verified.standing == .valid)
            let notice = try await OutboxRepository(database: app.services.licences.repository.database)
                .find(key: "case:\(opened.number):licence-renewal:2031-09-27:sms")
            #expect(notice?.message.body.contains("原办件号\(opened.number)") == true)
        }
    }
}
