import OneDoorCore
import OneDoorTestSupport
import Testing

@Suite struct ServiceGuideValidationTests {
    let references = Fixtures.organisationReferences

    @Test func fixtureGuidesAreValid() {
        #expect(Fixtures.foodLicence().problems(references: references) == [])
        #expect(Fixtures.elderCard().problems(references: references) == [])
    }

    @Test func namesEveryProblemAtOnce() {
        var guide = Fixtures.foodLicence()
        guide.promisedLimit = TimeLimit(days: 30)
        guide.implementationCode = "11440604007000011G4000117005000"
        guide.materials.append(Material(name: "营业执照", copies: 1))
        guide.name = ""
        let paths = guide.problems(references: references).map(\.path)
        #expect(paths.contains("promisedLimit"))
        #expect(paths.contains("implementationCode"))
        #expect(paths.contains("materials[3].name"))
        #expect(paths.contains("name"))
    }

    @Test func promisedLimitMayNotExceedLegalLimit() {
        var guide = Fixtures.foodLicence()
        guide.promisedLimit = TimeLimit(days: 21)
        let problems = guide.problems(references: references)
        #expect(problems == [ValidationProblem(path: "promisedLimit", reason: "承诺办结时限（21 个工作日）不能长于法定办结时限（20 个工作日）")])
    }

    @Test func limitsOfDifferentUnitsCompareConservatively() {
        var guide = Fixtures.foodLicence()
        guide.legalLimit = TimeLimit(days: 20, unit: .workingDays)
        guide.promisedLimit = TimeLimit(days: 25, unit: .calendarDays)
        #expect(guide.problems(references: references).isEmpty)
        guide.promisedLimit = TimeLimit(days: 60, unit: .calendarDays)
        #expect(guide.problems(references: references).map(\.path) == ["promisedLimit"])
    }

    @Test func zeroTripsRequiresFullyOnlineHandling() {
        var guide = Fixtures.foodLicence()
        guide.trips = 0
        guide.handlingForms = [.window]
        let paths = Set(guide.problems(references: references).map(\.path))
        #expect(paths == ["trips", "onlineDepth"])
    }

    @Test func unknownReferencesAreReported() {
        var guide = Fixtures.foodLicence()
        guide.department = "NOPE"
        guide.windowCategory = "nope"
        guide.itemType = "NOPE"
        let paths = Set(guide.problems(references: references).map(\.path))
        #expect(paths.isSuperset(of: ["department", "windowCategory", "itemType"]))
    }

    @Test func immediateItemsPromiseZeroDays() {
        var guide = Fixtures.elderCard()
        guide.promisedLimit = TimeLimit(days: 3)
        #expect(guide.problems(references: references).map(\.path) == ["promisedLimit.days"])
    }

    @Test func chargedItemsNeedStandardAndBasis() {
        var guide = Fixtures.foodLicence()
        guide.fee = Fee(charged: true)
        #expect(Set(guide.problems(references: references).map(\.path)) == ["fee.standard", "fee.basis"])
    }

    @Test func overlongTextIsRefused() {
        var guide = Fixtures.foodLicence()
        guide.name = String(repeating: "长", count: CatalogLimits.name + 1)
        #expect(guide.problems(references: references).map(\.path) == ["name"])
    }

    @Test func phrasesReadAsOnTheGuide() {
        #expect(Fixtures.foodLicence().limitsPhrase == "承诺 5 个工作日（法定 20 个工作日）")
        #expect(Fixtures.foodLicence().tripsPhrase == "最多跑一次")
        #expect(Fixtures.elderCard().limitsPhrase == "当场办结（法定 20 个工作日）")
        var online = Fixtures.foodLicence()
        online.trips = 0
        #expect(online.tripsPhrase == "零跑腿")
    }
}

@Suite struct CatalogDocumentValidationTests {
    @Test func fixtureDocumentIsValid() {
        #expect(Fixtures.document().validate() == [])
    }

    @Test func reportsEveryInvalidRecordWithItsPath() {
        var document = Fixtures.document()
        document.departments[1].uscc = "1144060400700002X8"
        document.halls.append(document.halls[0])
        document.windows.append(ServiceWindow(hall: "NOWHERE", number: "9", categories: ["missing"]))
        document.items[0].versions[0].materials[0].name = ""
        document.items[1].publishedVersion = 3
        let paths = document.validate().map(\.path)
        #expect(paths.contains("departments[1].uscc"))
        #expect(paths.contains("halls[2]"))
        #expect(paths.contains("windows[2].hall"))
        #expect(paths.contains("windows[2].categories[0]"))
        #expect(paths.contains("items[0].versions[0].materials[0].name"))
        #expect(paths.contains("items[1].publishedVersion"))
        // The department's bad checksum also breaks the implementation code of its item.
        #expect(paths.contains("items[1].versions[0].implementationCode"))
    }
}
