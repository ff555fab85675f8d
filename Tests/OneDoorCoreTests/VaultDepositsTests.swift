import OneDoorCore
import Testing

/// What goes into the vault (issue 16 §2, ADR 0035) and what comes out of it: the applicant's own
/// catalogue papers of their kind, B when the original was seen, C otherwise, once per type; a
/// power of attorney never; later receipts and a result that is a paper; nothing past its end.
@Suite struct VaultDepositsTests {
    static func record(_ materials: [CaseMaterial], state: CaseState = .accepted, applicant: Applicant? = nil) -> CaseRecord {
        CaseRecord(
            number: "CC-20260928-00001", queryCode: "654321", itemCode: "x", itemVersion: 1, itemName: "结婚登记", caseKind: .immediate,
            department: "MZJ", hall: "CC", window: "1",
            applicant: applicant ?? .person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X")),
            agent: nil, state: state, receivedOn: CivilDate("2026-09-28")!, legalLimit: TimeLimit(days: 0), promisedLimit: TimeLimit(days: 0),
            materials: materials
        )
    }

    @Test func theApplicantsOwnPapersAreKeptOncePerTypeWithTheirGrade() {
        let materials = [
            CaseMaterial(name: "本人居民身份证", necessity: .required, received: true, original: true),
            CaseMaterial(name: "居民户口簿", necessity: .required, received: true, original: false),
            CaseMaterial(name: "申请人身份证复印件", necessity: .required, received: true, original: true),
            CaseMaterial(name: "委托书", necessity: .optional, received: true),
            CaseMaterial(name: "夫妻双方居民身份证", necessity: .required, received: true),
            CaseMaterial(name: "营业执照", necessity: .required, received: true),
            CaseMaterial(name: "近期二寸免冠照片", necessity: .required, received: false),
        ]
        let entries = VaultDeposits.of(Self.record(materials))
        #expect(entries.map(\.type) == ["ID-CARD", "HUKOU"])
        #expect(entries.map(\.grade) == [.b, .c] && entries.allSatisfy { $0.holder == "resident-id:44011320141005001X" && $0.source == .window })
        // A 户口簿 is given again for a year; an ID card until a newer one.
        #expect(entries[1].validUntil == CivilDate("2027-09-27") && entries[0].validUntil == nil)
        // Nothing from a case not accepted, or from a correction notice.
        #expect(VaultDeposits.of(Self.record(materials, state: .correction)).isEmpty)
        #expect(VaultDeposits.of(Self.record(materials, state: .notAccepted)).isEmpty)
        // What is given by reference is not kept again.
        var reused = materials
        reused[0].reused = "已有材料免提交：居民身份证"
        let again = VaultDeposits.of(Self.record(reused))
        #expect(again.map(\.type) == ["HUKOU", "ID-CARD"] && again[1].title == "申请人身份证复印件")
    }

    @Test func laterReceiptsAndResultsAreKept() {
        let before = Self.record([CaseMaterial(name: "居民户口簿", necessity: .deferrable, received: false)])
        var after = before
        after.materials[0].received = true
        after.materials[0].receivedOn = CivilDate("2026-10-09")
        let later = VaultDeposits.received(before: before, after: after)
        #expect(later.map(\.type) == ["HUKOU"] && later.first?.receivedOn == CivilDate("2026-10-09"))
        #expect(VaultDeposits.received(before: after, after: after).isEmpty)

        var concluded = after
        concluded.state = .concluded
        concluded.decision = Decision(granted: true, reason: "", decidedOn: CivilDate("2026-10-09")!)
        let certificate = VaultDeposits.result(concluded, result: ItemResult(name: "离婚证", type: "证件"), today: CivilDate("2026-10-09")!)
        #expect(certificate?.type == "DIVORCE" && certificate?.source == .platform && certificate?.grade == .b && certificate?.materialIndex == -1)
        // Issued as an electronic licence instead: the licence is the material (A), not a vault copy.
        #expect(VaultDeposits.result(concluded, result: ItemResult(name: "结婚证", type: "证件", licenceType: "MZJ02"), today: CivilDate("2026-10-09")!) == nil)
        concluded.decision?.granted = false
        #expect(VaultDeposits.result(concluded, result: ItemResult(name: "离婚证", type: "证件"), today: CivilDate("2026-10-09")!) == nil)
    }

    /// A vault entry past its last day is not offered; a C copy never is.
    @Test func nothingPastItsEndNorBelowBIsOffered() {
        let checklist = [Material(name: "居民户口簿", copies: 1), Material(name: "申请人居民身份证", copies: 1)]
        func entry(_ type: String, grade: MaterialGrade, until: String?) -> HeldMaterial {
            .vault(VaultEntry(holder: "k", type: type, title: type, grade: grade, source: .window, receivedOn: CivilDate("2025-01-02")!,
                              validUntil: until.flatMap(CivilDate.init), caseNumber: "CC-20250102-00001", materialIndex: 0))
        }
        let today = CivilDate("2026-01-02")!
        #expect(MaterialReusing.offers(materials: checklist, held: [entry("HUKOU", grade: .b, until: "2026-01-01")], today: today).isEmpty)
        #expect(MaterialReusing.offers(materials: checklist, held: [entry("HUKOU", grade: .b, until: "2026-01-02")], today: today)[0] != nil)
        #expect(MaterialReusing.offers(materials: checklist, held: [entry("ID-CARD", grade: .c, until: nil)], today: today).isEmpty)
        #expect(MaterialReusing.offers(materials: checklist, held: [entry("ID-CARD", grade: .b, until: nil)], today: today)[1]?.label.contains("窗口收取") == true)
    }
}
