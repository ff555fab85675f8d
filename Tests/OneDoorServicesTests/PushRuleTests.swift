import Foundation
import OneDoorCore
import OneDoorServices
import Testing

/// 推送办's rules, pure (issue 17 §3): matched by trigger, decided on the ID number's birth date
/// and sex, left out for stages turned off, each push keyed so a replay makes none twice; every
/// problem of a rule named; the demo's rules and life stages valid.
@Suite struct PushRuleTests {
    static func id(_ birth: String, female: Bool) -> String {
        let first17 = "440604" + birth.filter { $0 != "-" } + (female ? "124" : "123")
        return first17 + String(ResidentID.checkCharacter(for: first17)!)
    }

    static let rules = [
        PushRule(code: "R1", name: "生育登记后", stage: .family, trigger: .concluded("BIRTH-REG"), conditions: [.female],
                 targets: [.item("VOUCHER"), .item("CONFIRM")], reason: "您的生育登记已办结。"),
        PushRule(code: "R2", name: "60 岁", stage: .care, trigger: .birthday(60), targets: [.item("ELDER")], reason: "您已年满 60 周岁。"),
        PushRule(code: "R3", name: "出生后", stage: .birth, trigger: .concluded("CERT"), targets: [.item("HUKOU")], reason: "一个月内申报出生登记。",
                 deadlineDays: 30),
        PushRule(code: "R4", name: "营业执照后", stage: .open, trigger: .licenceIssued("SCJG01"), targets: [.theme("YJS004")], reason: "开业还需办理。"),
    ]

    static func event(_ trigger: PushTrigger, _ number: String, kind: LicenceHolderKind = .person, on day: String = "2026-10-08") -> PushEvent {
        PushEvent(holder: "resident-id:" + number, kind: kind, trigger: trigger, on: CivilDate(day)!, key: "case:X:" + trigger.key,
                  facts: PushHolderFacts(residentID: number))
    }

    @Test func aRuleFiresForItsTriggerAndConditionsOnly() {
        let evaluator = PushEvaluator(Self.rules)
        let woman = Self.id("1994-05-06", female: true), man = Self.id("1992-01-02", female: false)
        let pushes = evaluator.pushes(for: Self.event(.concluded("BIRTH-REG"), woman))
        #expect(pushes.map(\.target) == [.item("VOUCHER"), .item("CONFIRM")] && pushes.allSatisfy { $0.deadline == nil && $0.stage == .family })
        #expect(evaluator.pushes(for: Self.event(.concluded("BIRTH-REG"), man)).isEmpty)
        // Replaying the same event makes the same keys: storage keeps one of each.
        #expect(evaluator.pushes(for: Self.event(.concluded("BIRTH-REG"), woman)).map(\.key) == pushes.map(\.key))
        // A stage turned off is left out; another event of a kind nobody listens for makes nothing.
        #expect(evaluator.pushes(for: Self.event(.concluded("BIRTH-REG"), woman), optedOut: [.family]).isEmpty)
        #expect(evaluator.pushes(for: Self.event(.concluded("OTHER"), woman)).isEmpty && !evaluator.listens(for: .concluded("OTHER")))
        // The law's deadline, from the day of the event.
        #expect(evaluator.pushes(for: Self.event(.concluded("CERT"), man)).first?.deadline == CivilDate("2026-11-07"))
        // An enterprise's rule never fires for a person's event, nor the reverse.
        #expect(evaluator.pushes(for: Self.event(.licenceIssued("SCJG01"), woman)).isEmpty)
        #expect(evaluator.pushes(for: Self.event(.licenceIssued("SCJG01"), "91440604MA4UJ12341", kind: .enterprise)).map(\.target) == [.theme("YJS004")])
        #expect(evaluator.birthdayAges == [60])
    }

    @Test func ageConditionsCountFullYears() {
        let born = Self.id("1966-10-08", female: false)
        let facts = PushHolderFacts(residentID: born)
        #expect(PushCondition.ageAtLeast(60).holds(facts, on: CivilDate("2026-10-08")!))
        #expect(!PushCondition.ageAtLeast(60).holds(facts, on: CivilDate("2026-10-07")!))
        #expect(PushCondition.ageBelow(60).holds(facts, on: CivilDate("2026-10-07")!))
        // Nothing known (a passport, an enterprise): an age condition does not hold.
        #expect(!PushCondition.ageAtLeast(0).holds(PushHolderFacts(), on: CivilDate("2026-10-07")!))
    }

    @Test func everyProblemOfARuleIsNamed() {
        var bad = Self.rules
        bad[1] = PushRule(code: "R1", name: "", stage: .open, trigger: .birthday(200), targets: [], reason: "x", deadlineDays: 0)
        bad[3].targets = [.theme("YJS006"), .item("NOPE")]
        let problems = PushRuleValidation.problems(bad, stages: [LifeStageItems(stage: .birth, items: ["CERT", "GONE"]), LifeStageItems(stage: .birth, items: [])],
                                                   items: ["BIRTH-REG", "VOUCHER", "CONFIRM", "ELDER", "CERT", "HUKOU"],
                                                   themes: ["YJS004": .enterprise, "YJS006": .person], licenceTypes: ["SCJG01"])
        #expect(Set(problems.map(\.path)) == ["pushRules[1].code", "pushRules[1].name",
                                              "pushRules[1].trigger.age", "pushRules[1].trigger", "pushRules[1].targets", "pushRules[1].deadlineDays",
                                              "pushRules[3].targets[0].theme", "pushRules[3].targets[1].item", "lifeStages[0].items[1]", "lifeStages[1].stage"])
    }

    @Test func theDemoRulesAndStagesAreValidAndRoundTrip() throws {
        let document = try DemoData.catalog()
        #expect(document.validate().isEmpty)
        #expect(document.pushRules.count >= 12 && Set(document.lifeStages.map(\.stage)) == Set(LifeStage.allCases))
        let filed = Set(document.lifeStages.flatMap(\.items))
        print("life stages: \(filed.count) of \(document.items.count) items filed (\(filed.count * 100 / document.items.count) %)")
        #expect(filed.count * 100 / document.items.count >= 75)
        let data = try JSONEncoder().encode(document.pushRules)
        #expect(try JSONDecoder().decode([PushRule].self, from: data) == document.pushRules)
    }
}
