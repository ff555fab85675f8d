import Foundation
import OneDoorCore
import OneDoorStorage

/// Pre-review (网上预审) by the hall's comprehensive windows, or by the department's own staff for
/// the items it reviews itself (ADR 0026).
extension ApplicationService {
    /// A pre-review queue entry: the application with its light (no personal numbers).
    public struct QueueEntry: Sendable {
        public var application: OnlineApplication
        public var light: CaseLight
    }

    /// The reviewer's queue in `state` — the clerk's hall's, or the approver's department's —:
    /// those waiting for pre-review by deadline, or those whose applicants are to bring originals.
    public func queue(_ state: ApplicationState = .submitted, page: PageRequest, by identity: Identity) async throws -> (entries: [QueueEntry], total: Int) {
        let (applications, total) = try await repository.queue(try reviewer(identity), state: state, limit: page.pageSize, offset: page.offset)
        let today = calendar.today
        return (applications.map { QueueEntry(application: $0.masked, light: OnlineApplying.light($0, today: today)) }, total)
    }

    /// Refuses (403) anyone but a hall's clerk or a department's approver, before a form is read.
    public func mayReview(by identity: Identity) throws {
        _ = try reviewer(identity)
    }

    /// Whose queue the member of staff works: their hall's (clerks) or their department's
    /// (approvers, for the items the department pre-reviews itself).
    public func reviewer(_ identity: Identity) throws -> PreReviewer {
        switch (identity.role, identity.account.hall, identity.account.department) {
        case (.clerk, let hall?, _): return .hall(hall)
        case (.approver, _, let department?): return .department(department)
        default: throw CaseRuleError.forbidden("只有服务中心的综合窗口人员或实施部门的审批人员可以预审网上申报")
        }
    }

    /// An application for its reviewer: the clerks of its hall, or while it waits for the
    /// originals any hall's clerk (全区通办); for an item its department reviews, that department's
    /// approvers. The read is logged as an access to personal data.
    public func review(_ id: String, by identity: Identity, client: String) async throws -> ApplicationDetail {
        let (application, files) = try await forReviewer(id, by: identity)
        try await cases.admitPersonalRead(by: identity, client: client)
        try await cases.repository.recordAccess(caseNumber: id, purpose: "网上预审", actor: identity.actor(client: client), at: clock.now())
        return try await detail(application, files)
    }

    func forReviewer(_ id: String, by identity: Identity) async throws -> (OnlineApplication, [ApplicationFile]) {
        let reviewer = try reviewer(identity)
        guard Self.isID(id), let (application, files) = try await repository.find(id), application.state != .draft else {
            throw ApplicationStoreError.notFound(id)
        }
        let byDepartment = application.departmentReview == true
        switch reviewer {
        // The originals are seen at a window, whoever pre-reviewed.
        case .hall(let hall) where (!byDepartment && application.hall == hall) || application.state == .awaitingOriginals: break
        case .department(let department) where byDepartment && application.department == department: break
        default: throw ApplicationStoreError.notFound(id)
        }
        return (application, files)
    }

    /// Decides pre-review. `expectedRevision` is the revision the reviewer saw (a stale page gets
    /// 409). 受理 and 不予受理 open the case in the same transaction as the application's change;
    /// the answer carries it.
    public func decide(
        _ id: String, _ decision: PreReviewDecision, expectedRevision: Int?, by identity: Identity, client: String
    ) async throws -> (application: OnlineApplication, case: CaseView?) {
        let (application, files) = try await forReviewer(id, by: identity)
        if let expectedRevision, expectedRevision != application.revision { throw ApplicationStoreError.conflict(id) }
        // A licence the applicant chose to reuse may have been revoked since: never accepted on it.
        if case .accept = decision {
            let lapsed = try await lapsedReuses(application, account: nil)
            if !lapsed.isEmpty { throw ValidationFailed(lapsed) }
        }
        let now = clock.now()
        var (next, event, intake) = try OnlineApplying.review(application, decision, materials: materials(application), files: files,
                                                              actor: CaseActor(identity.account), now: now)
        // A theme refused is refused as a whole, in writing on the application: no item's case
        // stands for it.
        if application.theme != nil, case .refuse = decision { intake = nil }
        if let intake {
            let opened = try await open(intake, next: next, event: event, expectedRevision: application.revision, trips: 0, by: identity, client: client)
            try await recordReuse(opened.application, by: identity, client: client)
            return opened
        }
        let messages = ApplicationMessages.messages(next, event: event, hallName: hallName(next.hall), book: await templates.current())
        try await repository.update(next, expectedRevision: application.revision, event: event, actorID: identity.account.id,
                                    audit: identity.actor(client: client), messages: messages, at: now)
        if !messages.isEmpty { messagesWritten() }
        return (next, nil)
    }

    /// Depth Ⅱ: the applicant brought the originals; the clerk who saw them accepts (one trip).
    public func acceptWithOriginals(
        _ id: String, opinion: String, dueDates: [Int: CivilDate] = [:], by identity: Identity, client: String
    ) async throws -> (application: OnlineApplication, case: CaseView?) {
        let (application, files) = try await forReviewer(id, by: identity)
        let lapsed = try await lapsedReuses(application, account: nil)
        if !lapsed.isEmpty { throw ValidationFailed(lapsed) }
        let (next, event, intake) = try OnlineApplying.acceptWithOriginals(application, materials: materials(application), files: files,
                                                                          actor: CaseActor(identity.account), opinion: opinion, dueDates: dueDates,
                                                                          now: clock.now())
        let opened = try await open(intake, next: next, event: event, expectedRevision: application.revision, trips: 1, by: identity, client: client)
        try await recordReuse(opened.application, by: identity, client: client)
        return opened
    }

    /// Every material taken by reference into a case is a use of the holder's data: recorded
    /// against the case, with the consent it rests on (who used my data, 电子监察).
    func recordReuse(_ application: OnlineApplication, by identity: Identity, client: String) async throws {
        guard let number = application.caseNumber, let reused = application.reused else { return }
        for reuse in reused {
            try await cases.repository.recordAccess(caseNumber: number.rawValue, purpose: "受理时调用已有材料：\(reuse.held.label)（申请人已同意）",
                                                    actor: identity.actor(client: client), at: clock.now())
        }
    }

    private func open(
        _ intake: IntakeRequest, next: OnlineApplication, event: ApplicationEvent, expectedRevision: Int, trips: Int, by identity: Identity, client: String
    ) async throws -> (application: OnlineApplication, case: CaseView?) {
        let actorID = identity.account.id
        if let request = OnlineApplying.themeIntake(next, intake) {
            let checklist = materials(next)
            let opened = try await cases.openOnlineTheme(request, application: next, trips: trips, by: identity, client: client) { theme, children, db in
                var decided = next
                decided.caseNumber = theme.number
                // Each child's department reads the files of its own checklist's lines.
                let files = OnlineApplying.themeFiles(checklist: checklist, children: children.map { ($0.number, $0.materials.map(\.name)) })
                try await ApplicationRepository.decided(decided, expectedRevision: expectedRevision, event: event, actorID: actorID, at: event.at,
                                                        themeFiles: files, in: db)
            }
            var decided = next
            decided.caseNumber = opened.theme.number
            return (decided, opened.children.first)
        }
        let view = try await cases.openOnline(intake, application: next, trips: trips, by: identity, client: client) { record, db in
            var decided = next
            decided.caseNumber = record.number
            try await ApplicationRepository.decided(decided, expectedRevision: expectedRevision, event: event, actorID: actorID, at: event.at, in: db)
        }
        var decided = next
        decided.caseNumber = view.record.number
        return (decided, view)
    }

    /// The thumbnail of one uploaded image for its reviewer (nil for a PDF), logged as a read of
    /// personal data like the file itself. Not counted against the per-minute read limit: a
    /// review page shows one per upload, and opening the page was counted already.
    public func reviewerThumbnail(_ fileID: Int64, of id: String, by identity: Identity, client: String) async throws -> URL? {
        // The application was read with its files to authorise the reviewer: the file is among them.
        guard let file = try await forReviewer(id, by: identity).1.first(where: { $0.id == fileID }) else { throw ProblemDetails.notFound("文件不存在") }
        let store = self.store
        let thumbnail = try await thumbnails.thumbnail(of: file.blob) { try await store.localFile(of: file.blob.sha256) }
        if thumbnail != nil {
            try await cases.repository.recordAccess(caseNumber: id, purpose: "预审查看缩略图：\(file.name)", actor: identity.actor(client: client),
                                                    at: clock.now())
        }
        return thumbnail
    }

    /// One file of an application for its reviewer; logged as a read of personal data.
    public func reviewerFile(_ fileID: Int64, of id: String, by identity: Identity, client: String) async throws -> (file: ApplicationFile, url: URL) {
        // The application was read with its files to authorise the reviewer: the file is among them.
        let found = try await readable(try await forReviewer(id, by: identity).1.first { $0.id == fileID })
        try await cases.admitPersonalRead(by: identity, client: client)
        try await cases.repository.recordAccess(caseNumber: id, purpose: "预审查看材料：\(found.file.name)", actor: identity.actor(client: client),
                                                at: clock.now())
        return found
    }
}

extension OnlineApplication {
    /// The application with the applicant's and agent's numbers and phones masked (lists).
    public var masked: OnlineApplication {
        var copy = self
        copy.applicant = applicant.masked
        copy.agent = agent?.masked
        copy.delivery?.address = delivery?.address?.masked
        return copy
    }
}
