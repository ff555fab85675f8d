import Foundation
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Citizens through the API (issue 15 §1, §6): a code by SMS, a citizen token, 我的; citizen and
/// staff tokens never stand in for each other.
@Suite struct TypedCitizenTests {
    /// The code the last SMS to `phone` carried, read from the outbox as the phone would.
    static func code(sentTo phone: String, _ app: OneDoorApplication) async throws -> String {
        let messages = try await app.services.notifications.repository.list(limit: 50, offset: 0).messages
        let body = try #require(messages.first { $0.message.recipient == phone && $0.message.template == "citizen-code" }).message.body
        return String(body.filter(\.isNumber).prefix(6))
    }

    @Test(arguments: TestDatabaseKind.available)
    func aCitizenSignsInByCodeAndSeesTheirOwnCases(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let anyone = Client.router(client)
            let asked = try await anyone.requestCitizenCode(body: .json(.init(phone: "13800138000"))).accepted.body.json
            #expect(asked.expiresIn == 300 && asked.retryAfter == 60)
            // Asked again at once: 429 with the wait.
            _ = try await anyone.requestCitizenCode(body: .json(.init(phone: "13800138000"))).tooManyRequests
            // A wrong code names the field.
            let wrong = try await anyone.createCitizenSession(body: .json(.init(phone: "13800138000", code: "000001"))).badRequest.body.applicationProblemJson
            #expect(wrong.errors?.first?.path == "code")
            let code = try await Self.code(sentTo: "13800138000", app)
            let signedIn = try await anyone.createCitizenSession(body: .json(.init(phone: "13800138000", code: code))).created.body.json
            #expect(signedIn.token.hasPrefix("c.") && signedIn.citizen.phone == "138****8000" && signedIn.citizen.realName == .none)
            let citizen = Client.router(client, token: signedIn.token)
            #expect(try await citizen.getMe().ok.body.json.realNameLabel == "未实名")

            // Tokens are of one kind: a citizen's opens no staff operation, a clerk's no citizen's.
            _ = try await citizen.listOutbox().unauthorized
            _ = try await citizen.listDepartmentCases(path: .init(code: "SCJG")).unauthorized
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            _ = try await clerk.getMe().forbidden

            // A self-declared ID shows nothing accepted at windows under it.
            let declared = try await citizen.declareRealName(body: .json(.init(name: "张三", documentType: .residentId, documentNumber: "44011320141005001x")))
                .ok.body.json
            #expect(declared.realName == .selfDeclared && declared.documentNumber == "4401**********001X" && declared.name == "张三")
            _ = try await clerk.createCase(body: .json(TypedCaseTests.intake("44011320141005001x"))).created
            _ = try await clerk.createCase(body: .json(TypedCaseTests.intake("11010519491231002X"))).created
            #expect(try await citizen.listMyCases().ok.body.json.total == 0)
            // A clerk verifies the holder at a window: their own case, not the other. Every problem
            // named first; an approver may not verify; the verification is audited.
            let badVerify = try await clerk.verifyCitizen(body: .json(.init(phone: "0757", name: "", documentType: .residentId, documentNumber: "44011320141005001X")))
                .unprocessableContent.body.applicationProblemJson
            #expect(Set(badVerify.errors?.map(\.path) ?? []) == ["phone", "name"])
            _ = try await clerk.verifyCitizen(body: .json(.init(phone: "13700137000", name: "李四", documentType: .residentId, documentNumber: "11010519491231002X")))
                .notFound
            _ = try await ClientHarness.signedIn(client, "undertaker")
                .verifyCitizen(body: .json(.init(phone: "13800138000", name: "张三", documentType: .residentId, documentNumber: "44011320141005001X"))).forbidden
            let verified = try await clerk.verifyCitizen(body: .json(.init(phone: "13800138000", name: "张三", documentType: .residentId,
                                                                           documentNumber: "44011320141005001x"))).ok.body.json
            #expect(verified.realName == .verified)
            let audit = try await app.services.audit.repository.recent(action: "citizen.verify", limit: 5)
            #expect(audit.count == 1 && audit[0].detail.contains("4401**********001X") && !audit[0].detail.contains("44011320141005001X"))
            let mine = try await citizen.listMyCases().ok.body.json
            #expect(mine.total == 1 && mine.items.first?.state == .accepted && mine.items.first?.progressPath.hasPrefix("/me/cases/") == true)

            // Hostile input: named, nothing saved.
            let badName = try await citizen.declareRealName(body: .json(.init(name: "", documentType: .residentId, documentNumber: "440113201410050011")))
                .unprocessableContent.body.applicationProblemJson
            #expect(Set(badName.errors?.map(\.path) ?? []) == ["name", "documentNumber"])
            _ = try await citizen.setMyEmail(body: .json(.init(email: "not an address"))).unprocessableContent
            #expect(try await citizen.setMyEmail(body: .json(.init(email: "zhangsan@example.cn"))).ok.body.json.email == "zhangsan@example.cn")
            _ = try await anyone.requestCitizenCode(body: .json(.init(phone: "12345"))).unprocessableContent

            // 我的消息: the SMS to this phone (the acceptance of the case under the ID, with the
            // number the intake gave it) and the sign-in code, masked.
            let messages = try await citizen.listMyMessages().ok.body.json
            #expect(messages.items.contains { $0.channel == .sms && $0.body.contains("已受理") })
            let codeMessage = try #require(messages.items.first { $0.body.contains("验证码") })
            #expect(!codeMessage.body.contains(code) && codeMessage.body.contains("******"))

            // Signed out: the token is dead.
            _ = try await citizen.deleteCitizenSession().noContent
            _ = try await citizen.getMe().unauthorized
        }
    }

    /// 我的收件地址 and 通知设置 through the API: kept, listed, named when wrong, deleted by
    /// their owner only; settings checked and kept.
    @Test(arguments: TestDatabaseKind.available)
    func addressesAndSettingsThroughTheAPI(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let citizen = try await TypedApplicationTests.citizen("13800138000", client, app)
            let bad = try await citizen.addMyAddress(body: .json(.init(recipient: "", phone: "123", address: "x"))).unprocessableContent.body.applicationProblemJson
            #expect(Set(bad.errors?.map(\.path) ?? []) == ["recipient", "phone"])
            let saved = try await citizen.addMyAddress(body: .json(.init(recipient: "张三", phone: "13800138000", address: "禅城区季华五路 1 号"))).created.body.json
            #expect(try await citizen.listMyAddresses().ok.body.json.items.map(\.id) == [saved.id])
            let other = try await TypedApplicationTests.citizen("13700137000", name: nil, client, app)
            _ = try await other.deleteMyAddress(path: .init(id: saved.id)).notFound
            #expect(try await other.listMyAddresses().ok.body.json.items.isEmpty)
            _ = try await citizen.deleteMyAddress(path: .init(id: saved.id)).noContent
            #expect(try await citizen.listMyAddresses().ok.body.json.items.isEmpty)

            #expect(try await citizen.getMyPreferences().ok.body.json.sms)
            let half = try await citizen.setMyPreferences(body: .json(.init(sms: true, email: true, quietFrom: "21:00"))).unprocessableContent.body.applicationProblemJson
            #expect(half.errors?.map(\.path) == ["quietUntil"])
            let set = try await citizen.setMyPreferences(body: .json(.init(sms: false, email: true, quietFrom: "21:00", quietUntil: "07:30"))).ok.body.json
            #expect(!set.sms && set.quietFrom == "21:00" && set.quietUntil == "07:30")
            #expect(try await citizen.getMyPreferences().ok.body.json.quietUntil == "07:30")
            #expect(try await other.getMyPreferences().ok.body.json.sms)
        }
    }

    /// 窗口开户: the clerk sends a code to the person's phone, the person reads it out, the
    /// account opens verified (audited); a wrong code opens nothing; only clerks may.
    @Test(arguments: TestDatabaseKind.available)
    func aClerkOpensAVerifiedAccountWithTheCodeThePersonReadsOut(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let anyone = Client.router(client)
            _ = try await anyone.requestCitizenCode(body: .json(.init(phone: "13600136000"))).accepted
            let code = try await Self.code(sentTo: "13600136000", app)
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let wrongCode = code == "000000" ? "111111" : "000000"
            let body = { (code: String) in
                Operations.RegisterCitizen.Input.Body.json(.init(phone: "13600136000", code: code, name: "王五", documentType: .residentId,
                                                                 documentNumber: "11010519491231002X"))
            }
            let wrong = try await clerk.registerCitizen(body: body(wrongCode)).badRequest.body.applicationProblemJson
            #expect(wrong.errors?.map(\.path) == ["code"])
            #expect(try await app.services.citizens.repository.find(phone: "13600136000") == nil)
            _ = try await ClientHarness.signedIn(client, "undertaker").registerCitizen(body: body(code)).forbidden
            let incomplete = try await clerk.registerCitizen(body: .json(.init(phone: "12345", code: "12", name: "", documentType: .residentId,
                                                                                documentNumber: "1"))).unprocessableContent.body.applicationProblemJson
            #expect(Set(incomplete.errors?.map(\.path) ?? []) == ["phone", "name", "documentNumber", "code"])
            let opened = try await clerk.registerCitizen(body: body(code)).created.body.json
            #expect(opened.realName == .verified && opened.phone == "136****6000")
            // The code is used up.
            _ = try await clerk.registerCitizen(body: body(code)).badRequest
            let audit = try await app.services.audit.repository.recent(action: "citizen.register", limit: 5)
            #expect(audit.count == 1 && audit[0].detail.contains("1101**********002X") && !audit[0].detail.contains("11010519491231002X"))
            let account = try #require(try await app.services.citizens.repository.find(phone: "13600136000"))
            #expect(account.realName == .verified && account.name == "王五" && account.seesWindowCases)
        }
    }
}

