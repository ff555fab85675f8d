import Foundation
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

// The theme as a whole after acceptance (issue 17 §2): its promise moving with its children, and
// one 补齐补正 notice for all of them.

extension ThemeCaseTests {
    /// The theme's promise moves with its children (issue 17 §2): an on-site check of the food
    /// licence expected to take 10 working days moves the theme's date by them and says why; an
    /// extension (§42) counts the child to its legal deadline; the acceptance notice's date is
    /// kept as the original.
    @Test(arguments: TestDatabaseKind.available)
    func aChildsSpecialProcedureMovesTheThemesPromise(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            let view = try await app.cases.themeIntake(try Self.request(app, "YJS001", answers: ["sign": "no", "area": "80"]), by: clerk, client: "t")
            let original = try #require(view.theme.promisedDeadline)
            #expect(view.schedule.deadline == original && !view.schedule.moved)
            let approver = try await Self.identity(app, "approver")
            let people = [approver, try await Self.identity(app, "reviewer"), try await Self.identity(app, "decider")]
            try await Self.conclude(app, view.children[0].record.number, by: people, licence: Self.businessLicence)
            let food = view.children[1].record.number
            _ = try await app.cases.act(food, .startSpecialProcedure(kind: .onSiteCheck, reason: "现场核查", expectedDays: 10), expectedRevision: nil,
                                        by: approver, client: "t")
            let paused = try await app.cases.themeCase(view.theme.number, by: approver, client: "t")
            let foodRecord = try #require(paused.children.first { $0.record.number == food }?.record)
            let expected = try app.services.calendar.calendar.addingWorkingDays(10, to: try #require(foodRecord.promisedDeadline))
            #expect(paused.schedule.deadline == expected && paused.schedule.moved && paused.schedule.movedBy == [food])
            #expect(paused.theme.promisedDeadline == original && paused.schedule.original == original)
            // The applicant's progress page says the same date.
            let progress = try #require(try await app.cases.progress(view.theme.number.rawValue, code: view.theme.queryCode, client: "t"))
            #expect(progress.promisedDeadline == expected)

            _ = try await app.cases.act(food, .endSpecialProcedure(opinion: "核查完毕"), expectedRevision: nil, by: approver, client: "t")
            _ = try await app.cases.act(food, .extend(days: 5, approvedBy: "局长", reason: "情况复杂"), expectedRevision: nil, by: approver, client: "t")
            let extended = try await app.cases.themeCase(view.theme.number, by: approver, client: "t")
            let legal = try #require(extended.children.first { $0.record.number == food }?.record.legalDeadline)
            #expect(extended.schedule.deadline == max(legal, original) && extended.schedule.movedBy == [food])
        }
    }
}

extension ThemeCaseTests {
    /// 补齐补正 of a whole theme at the window (issue 17 §2): one notice lists everything missing
    /// or wrong across the items, each line once; every child waits for it without a clock; a
    /// child alone cannot be accepted out of the theme; completing with a line still missing is
    /// refused by that line's path with nothing changed; completing with everything accepts the
    /// children (those with prerequisites waiting) in one step, with the acceptance message and
    /// one more visit.
    @Test(arguments: TestDatabaseKind.available)
    func oneCorrectionNoticeForTheWholeTheme(_ kind: TestDatabaseKind) async throws {
        try await Self.run(kind) { app in
            let clerk = try await Self.identity(app, "clerk")
            var request = try Self.request(app, "YJS001", answers: ["sign": "no", "area": "80"])
            request.outcome = .requestCorrection
            // Nothing missing: no notice to give.
            await #expect(throws: ValidationFailed.self) { _ = try await app.cases.themeIntake(request, by: clerk, client: "t") }

            let snapshot = app.catalog.snapshot
            let theme = try #require(snapshot.themesByCode["YJS001"]?.theme)
            let lines = ThemeMaterials.merged(theme.selected(["sign": "no", "area": "80"]), guides: snapshot.guides(of: theme)).filter(\.asked)
            let required = lines.enumerated().filter { $0.element.required }.map(\.offset)
            #expect(required.count >= 3)
            let missing = request.materials[required[1]].name, wrong = request.materials[required[2]].name
            request.materials[required[1]].received = false
            request.materials[required[2]].defect = "未加盖公章"
            let view = try await app.cases.themeIntake(request, by: clerk, client: "t")
            #expect(view.theme.correction == ["\(missing)：未提交", "\(wrong)：未加盖公章"])
            #expect(view.progress.stage == .correction && view.theme.promisedDeadline == nil && view.schedule.deadline == nil)
            #expect(view.children.allSatisfy { $0.record.state == .correction && $0.record.promisedDeadline == nil && $0.record.acceptedOn == nil })
            let outbox = try await OutboxRepository(database: app.cases.repository.database).messages(to: [Self.company.phone], limit: 20, offset: 0).messages
            let told = outbox.map(\.message).filter { $0.template == "theme-correction" }
            #expect(told.count == 1 && told[0].body.contains("\(missing)：未提交；\(wrong)：未加盖公章"))
            #expect(!outbox.contains { $0.message.template == "case-correction" || $0.message.template == "theme-accepted" })

            // One child cannot be accepted out of the theme.
            let first = view.children[0].record
            await #expect(throws: CaseRuleError.self) {
                _ = try await app.cases.act(first.number, .completeCorrection(materials: [], opinion: ""), expectedRevision: nil, by: clerk, client: "t")
            }
            // Still missing: named by the theme's path, nothing changed.
            var again = request.materials
            again[required[2]].defect = ""
            do {
                _ = try await app.cases.themeCompleteCorrection(view.theme.number, materials: again, opinion: "", expectedRevision: view.theme.revision,
                                                                by: clerk, client: "t")
                Issue.record("accepted with a required material missing")
            } catch let failed as ValidationFailed {
                #expect(failed.problems.map(\.path).contains("materials[\(required[1])]"))
            }
            #expect(try await app.cases.themeCase(view.theme.number, by: clerk, client: "t").children.allSatisfy { $0.record.state == .correction })

            again[required[1]].received = true
            let accepted = try await app.cases.themeCompleteCorrection(view.theme.number, materials: again, opinion: "补正齐全",
                                                                       expectedRevision: view.theme.revision, by: clerk, client: "t")
            #expect(accepted.children.map(\.record.state) == [.accepted, .waiting, .accepted, .waiting])
            #expect(accepted.theme.correction == nil && accepted.progress.stage == .running && accepted.theme.promisedDeadline != nil)
            #expect(accepted.children.map { $0.record.trips ?? -1 } == [2, 0, 0, 0])
            let messages = try await OutboxRepository(database: app.cases.repository.database).messages(to: [Self.company.phone], limit: 20, offset: 0).messages
            #expect(messages.filter { $0.message.template == "theme-accepted" }.count == 1)
            // A stale page is refused.
            await #expect(throws: CaseStoreError.self) {
                _ = try await app.cases.themeCompleteCorrection(view.theme.number, materials: again, opinion: "", expectedRevision: view.theme.revision,
                                                                by: clerk, client: "t")
            }
        }
    }
}
