import OneDoorCore
import Testing

/// Issuing and the status of a licence, in the core (issue 16 §3).
@Suite struct LicenceIssuingTests {
    static let issuer = LicenceIssuer(department: "SCJG", code: "11440604007000011F", name: "禅城区市场监督管理局")
    static let person = Applicant.person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X"))
    static let enterprise = Applicant.enterprise(Enterprise(name: "佛山市某某餐饮有限公司", uscc: "91440604MA4UJ8XF3K", legalRepresentative: "王五"))
    static let food = LicenceTypes.find("SCJG02")!
    static let elderly = LicenceTypes.find("WJJ02")!

    @Test func anEnterpriseLicenceForItsEnterpriseWithEveryRequiredFaceField() throws {
        let fields = ["operator": "佛山市某某餐饮有限公司", "legalRepresentative": "王五", "address": "祖庙路 1 号", "mainBusiness": "小型餐馆", "items": "热食类"]
        let licence = try LicenceIssuing.licence(Self.food, draft: LicenceDraft(fields: fields), applicant: Self.enterprise, issuer: Self.issuer,
                                                 caseNumber: "CC-20260928-00001", today: CivilDate("2026-03-01")!)
        #expect(licence.holder == LicenceHolder(kind: .enterprise, code: "91440604MA4UJ8XF3K", name: "佛山市某某餐饮有限公司"))
        #expect(licence.holder.codeType == "001" && licence.validUntil == CivilDate("2031-02-28") && licence.fields.map(\.key) == Self.food.fields.map(\.key))
        #expect(licence.identifier.isEmpty)
        let numbered = try #require(licence.numbered(serial: LicenceIssuing.serial(12), version: 1, supersedes: nil))
        #expect(numbered.identifier.hasPrefix("1.2.156.3005.2.SCJG02.11440604007000011F.00000012.001."))
        guard case .success(let parsed) = LicenceIdentifier.parse(numbered.identifier) else { Issue.record("unparsable"); return }
        #expect(parsed.serial == "00000012" && parsed.version == 1)
    }

    @Test func everyProblemOfADraftIsNamed() {
        let draft = LicenceDraft(holderCode: "", holderName: "", fields: ["operator": " ", "address": "x", "colour": "红"])
        #expect(throws: ValidationFailed.self) {
            try LicenceIssuing.licence(Self.food, draft: draft, applicant: Self.person, issuer: Self.issuer, caseNumber: nil, today: CivilDate("2026-03-01")!)
        }
        do {
            _ = try LicenceIssuing.licence(Self.food, draft: draft, applicant: Self.person, issuer: Self.issuer, caseNumber: nil, today: CivilDate("2026-03-01")!)
        } catch {
            #expect(Set(error.problems.map(\.path)) == ["licence.fields.operator", "licence.fields.legalRepresentative", "licence.fields.mainBusiness",
                                                         "licence.fields.items", "licence.fields.colour", "licence.holderCode", "licence.holderName"])
        }
    }

    @Test func aPersonLicenceGoesToThePersonAndItsFaceIsSuggestedFromTheID() throws {
        let suggested = LicenceIssuing.suggestedFields(Self.elderly, applicant: Self.person)
        #expect(suggested == ["name": "张三", "gender": "男", "birthDate": "2014年10月5日"])
        var fields = suggested
        fields["address"] = "佛山市禅城区"
        let licence = try LicenceIssuing.licence(Self.elderly, draft: LicenceDraft(fields: fields), applicant: Self.person, issuer: Self.issuer,
                                                 caseNumber: nil, today: CivilDate("2026-03-01")!)
        #expect(licence.holder.code == "44011320141005001X" && licence.holder.codeType == "111" && licence.validUntil == nil)
        #expect(licence.masked.holder.code == "4401**********001X")
        #expect(throws: ValidationFailed.self) {
            try LicenceIssuing.licence(Self.elderly, draft: LicenceDraft(fields: fields), applicant: Self.enterprise, issuer: Self.issuer,
                                       caseNumber: nil, today: CivilDate("2026-03-01")!)
        }
    }

    @Test func statusesMoveOnlyAsTheLawAllows() throws {
        #expect(try LicenceLifecycle.apply(.suspend, to: .valid, reason: "停业整顿") == .suspended)
        #expect(try LicenceLifecycle.apply(.restore, to: .suspended, reason: "整改完成") == .valid)
        #expect(try LicenceLifecycle.apply(.revoke, to: .suspended, reason: "吊销") == .revoked)
        for (action, status) in [(LicenceAction.restore, LicenceStatus.valid), (.suspend, .revoked), (.revoke, .revoked), (.revoke, .superseded), (.restore, .revoked)] {
            #expect(throws: LicenceRuleError.self) { try LicenceLifecycle.apply(action, to: status, reason: "x") }
        }
        #expect(throws: ValidationFailed.self) { try LicenceLifecycle.apply(.revoke, to: .valid, reason: "  ") }
        let today = CivilDate("2026-10-01")!
        #expect(LicenceStanding.of(status: .valid, validUntil: CivilDate("2026-09-30"), today: today) == .expired)
        #expect(LicenceStanding.of(status: .valid, validUntil: CivilDate("2026-10-01"), today: today) == .valid)
        #expect(LicenceStanding.of(status: .valid, validUntil: nil, today: today).usable)
        #expect(!LicenceStanding.of(status: .revoked, validUntil: nil, today: today).usable)
    }
}
