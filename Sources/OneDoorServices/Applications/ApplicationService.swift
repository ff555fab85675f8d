import Foundation
import OneDoorCore
import OneDoorStorage

/// An online application as its applicant or its reviewer sees it: the application, its files,
/// its history, the checklist its files answer, and the pre-review light.
public struct ApplicationDetail: Sendable {
    public var application: OnlineApplication
    public var files: [ApplicationFile]
    public var events: [ApplicationEvent]
    /// The item's checklist in force: each material is an upload slot.
    public var materials: [Material]
    public var light: CaseLight
    /// For the applicant while the application can be changed: by checklist index, what they
    /// already hold that can stand in for the material (已有，免提交).
    public var offers: [Int: HeldMaterial] = [:]
}

/// Online application and pre-review (issue 15 §3, ADR 0026). Citizens start, fill in, upload,
/// submit and resubmit their own applications; clerks of the hall pre-review them and decide as
/// at a window (受理 opens a case, channel online; 补齐补正 goes back to the applicant; 不予受理
/// is a written decision). Every entrance goes through here; permission is checked once.
public final class ApplicationService: Sendable {
    public let repository: ApplicationRepository
    let templates: MessageTemplateService
    let cases: CaseService
    let catalog: CatalogService
    let calendar: CalendarService
    public let store: any BlobStore
    public let policy: UploadPolicy
    let clock: any AppClock
    /// Working days pre-review has (default 1).
    public let reviewDays: Int
    let messagesWritten: @Sendable () -> Void
    let enterprises: EnterpriseService
    /// Pictures of uploaded images for the pre-reviewer.
    let thumbnails: Thumbnails

    public init(
        repository: ApplicationRepository, cases: CaseService, catalog: CatalogService, calendar: CalendarService, store: any BlobStore,
        enterprises: EnterpriseService, clock: any AppClock, policy: UploadPolicy = UploadPolicy(), reviewDays: Int = 1,
        messagesWritten: @escaping @Sendable () -> Void = {}, templates: MessageTemplateService = .builtIn, thumbnails: Thumbnails? = nil
    ) {
        self.templates = templates
        // Beside the store's own directory unless told: derived data, local to this server.
        self.thumbnails = thumbnails ?? Thumbnails(cache: store.temporaryDirectory.deletingLastPathComponent().appendingPathComponent("thumbnails"))
        self.enterprises = enterprises
        self.repository = repository
        self.cases = cases
        self.catalog = catalog
        self.calendar = calendar
        self.store = store
        self.clock = clock
        self.policy = policy
        self.reviewDays = reviewDays
        self.messagesWritten = messagesWritten
    }

    /// "WS20261205" and ten random characters of Crockford's base 32: unique without a counter
    /// shared by servers, and nothing to guess from (only the account that made it may open it).
    public static func newID(_ today: CivilDate) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        let tail = (0..<10).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] }
        return "WS" + today.description.replacingOccurrences(of: "-", with: "") + String(tail)
    }

    /// Whether `text` has the shape of an application id (before it reaches storage).
    public static func isID(_ text: String) -> Bool {
        text.utf8.count == 20 && text.hasPrefix("WS") && text.utf8.dropFirst(2).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }

    // MARK: The applicant's side

    /// Starts an application for `itemCode` at `hall` (nil: the first hall that handles the
    /// item). With `key`, a repeated start (a double click) returns the first.
    /// With `enterprise` (a USCC), for the enterprise the citizen represents or is an agent of.
    public func start(
        itemCode: ItemCode, hall: HallCode?, agentFor: Person?, enterprise: String? = nil, key: String?, by identity: CitizenIdentity
    ) async throws -> OnlineApplication {
        let snapshot = catalog.snapshot
        guard let item = snapshot.itemsByCode[itemCode] else { throw ProblemDetails.notFound("事项“\(itemCode)”不存在或未发布") }
        let chosen = try Self.hall(hall, handling: [item.guide], in: snapshot, none: "没有可以办理该事项的服务中心")
        if let key { try Self.checkKey(key) }
        let link = try await enterpriseLink(enterprise, by: identity)
        let (application, event) = try OnlineApplying.start(item: item, hall: chosen, account: identity.account, agentFor: agentFor, enterprise: link,
                                                            id: Self.newID(calendar.today), now: clock.now(), today: calendar.today)
        return try await repository.create(application, event: event, key: key)
    }

    /// Starts an application for the theme `code` (一件事) with the applicant's answers, at
    /// `hall` (nil: the first hall that handles every item it selects). With `key`, a repeated
    /// start returns the first; with `enterprise`, for that enterprise.
    public func startTheme(
        _ code: String, answers: [String: String], pickUp: ThemePickUp, hall: HallCode?, enterprise: String? = nil, key: String?,
        by identity: CitizenIdentity
    ) async throws -> OnlineApplication {
        let snapshot = catalog.snapshot
        guard let entry = snapshot.themesByCode[code] else { throw ProblemDetails.notFound("主题“\(code.prefix(40))”不存在或未发布") }
        let chosen = try Self.hall(hall, handling: entry.theme.selected(answers).compactMap { snapshot.itemsByCode[$0.item]?.guide }, in: snapshot,
                                   none: "没有一个服务中心可以办理该一件事的全部事项")
        if let key { try Self.checkKey(key) }
        let link = try await enterpriseLink(enterprise, by: identity)
        let (application, event) = try OnlineApplying.startTheme(entry, answers: answers, pickUp: pickUp, items: snapshot.itemsByCode, hall: chosen,
                                                                 account: identity.account, enterprise: link, id: Self.newID(calendar.today),
                                                                 now: clock.now(), today: calendar.today)
        return try await repository.create(application, event: event, key: key)
    }

    /// The hall asked for (whether it handles the items is the applying rules' to say), or the
    /// first that handles them all.
    static func hall(_ asked: HallCode?, handling guides: [ServiceGuide], in snapshot: CatalogSnapshot, none: String) throws -> Hall {
        if let asked {
            guard let hall = snapshot.hallsByCode[asked] else {
                throw ValidationFailed([ValidationProblem(path: "hall", reason: "服务中心“\(asked)”不存在")])
            }
            return hall
        }
        guard let first = OnlineApplying.halls(snapshot.organisation.halls, handling: guides).first else { throw CaseRuleError.notAllowed(none) }
        return first
    }

    /// The citizen's link to the enterprise they apply for (404 when they have none).
    private func enterpriseLink(_ uscc: String?, by identity: CitizenIdentity) async throws -> EnterpriseLink? {
        guard let uscc else { return nil }
        guard let link = try await enterprises.link(uscc, by: identity) else { throw EnterpriseStoreError.notFound(uscc: uscc) }
        return link
    }

    static func checkKey(_ key: String) throws {
        guard (8...64).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ValidationFailed([ValidationProblem(path: "key", reason: "幂等键应为 8 到 64 个可见 ASCII 字符")])
        }
    }

    /// The citizen's applications, newest first.
    public func mine(page: PageRequest, by identity: CitizenIdentity) async throws -> (applications: [OnlineApplication], total: Int) {
        try await repository.applications(citizen: identity.account.id, limit: page.pageSize, offset: page.offset)
    }

    /// One of the citizen's own applications; any other is unknown (404), as one that does not exist.
    public func detail(_ id: String, by identity: CitizenIdentity) async throws -> ApplicationDetail {
        let (application, files) = try await own(id, by: identity)
        var detail = try await detail(application, files)
        if application.state.isEditable {
            detail.offers = MaterialReusing.offers(materials: detail.materials, held: try await held(for: application, account: identity.account),
                                                   today: calendar.today)
        }
        return detail
    }

    func own(_ id: String, by identity: CitizenIdentity) async throws -> (OnlineApplication, [ApplicationFile]) {
        guard Self.isID(id), let (application, files) = try await repository.find(id), application.citizen == identity.account.id else {
            throw ApplicationStoreError.notFound(id)
        }
        return (application, files)
    }

    func detail(_ application: OnlineApplication, _ files: [ApplicationFile]) async throws -> ApplicationDetail {
        ApplicationDetail(application: application, files: files, events: try await repository.events(application.id),
                          materials: materials(application), light: OnlineApplying.light(application, today: calendar.today))
    }

    /// The checklist of the item version in force (empty if the item is no longer published).
    /// For a theme, the theme's merged list for the answers given.
    func materials(_ application: OnlineApplication) -> [Material] {
        let snapshot = catalog.snapshot
        if let theme = application.theme {
            guard let entry = snapshot.themesByCode[theme.code] else { return [] }
            return OnlineApplying.themeChecklist(entry, answers: theme.answers, items: snapshot.itemsByCode)
        }
        return snapshot.itemsByCode[application.itemCode]?.guide.materials ?? []
    }

    /// Sets how the result is to reach the applicant.
    public func choose(_ choice: DeliveryChoice, for id: String, by identity: CitizenIdentity) async throws -> OnlineApplication {
        let (application, _) = try await own(id, by: identity)
        var next = application
        next.delivery = try OnlineApplying.choose(choice, for: application)
        next.revision += 1
        try await repository.update(next, expectedRevision: application.revision, event: nil, at: clock.now())
        return next
    }

    /// Leave to add files to one material of one's own application, checked before the upload's
    /// body is read (a refused upload stores nothing); only ``mayAttach(to:material:by:)`` makes one.
    public struct UploadPermit: Sendable {
        let application: String
        let material: Int
        let citizen: Int64
    }

    public func mayAttach(to id: String, material index: Int, by identity: CitizenIdentity) async throws -> UploadPermit {
        let (application, _) = try await own(id, by: identity)
        try OnlineApplying.mayChangeFiles(application, material: index, materials: materials(application))
        return UploadPermit(application: id, material: index, citizen: identity.account.id)
    }

    /// Records files already in the blob store (``UploadReader``) under `permit`. Whether the
    /// application is still the citizen's and can still be changed is decided again in the
    /// storing transaction (it may have been submitted while the body streamed in).
    public func attach(_ files: [ReceivedFile], under permit: UploadPermit) async throws -> [ApplicationFile] {
        guard !files.isEmpty else { throw ValidationFailed([ValidationProblem(path: "files", reason: "请选择要上传的文件")]) }
        return try await repository.attach(files.map { ($0.name, $0.blob) }, to: permit.application, material: permit.material, citizen: permit.citizen,
                                           maximumTotal: policy.maximumTotalSize, at: clock.now())
    }

    /// Removes one of the application's files while it can still be changed.
    public func remove(file fileID: Int64, of id: String, by identity: CitizenIdentity) async throws {
        guard Self.isID(id) else { throw ApplicationStoreError.notFound(id) }
        guard try await repository.remove(file: fileID, of: id, citizen: identity.account.id) else { throw ProblemDetails.notFound("文件不存在") }
    }

    /// Submits, or resubmits after 补齐补正. The same `key` again (a double click, a retried
    /// request) answers with the application as that submission left it; nothing is done twice.
    public func submit(_ id: String, key: String?, by identity: CitizenIdentity) async throws -> OnlineApplication {
        if let key { try Self.checkKey(key) }
        let (application, files) = try await own(id, by: identity)
        if let key, application.state != .draft && application.state != .correction, try await repository.submitKey(id) == key {
            return application
        }
        let lapsed = try await lapsedReuses(application, account: identity.account)
        if !lapsed.isEmpty { throw ValidationFailed(lapsed) }
        let (next, event) = try OnlineApplying.submit(application, materials: materials(application), files: files, now: clock.now(),
                                                      today: calendar.today, reviewDays: reviewDays, calendar: calendar.calendar)
        let messages = ApplicationMessages.messages(next, event: event, hallName: hallName(next.hall), book: await templates.current())
        do {
            try await repository.update(next, expectedRevision: application.revision, event: event, submitKey: key ?? Self.newID(calendar.today),
                                        messages: messages, at: clock.now())
        } catch ApplicationStoreError.conflict(let id) {
            // Two submits at once with one key: the other one stored it.
            if let key, let (current, _) = try await repository.find(id), current.state == .submitted, try await repository.submitKey(id) == key {
                return current
            }
            throw ApplicationStoreError.conflict(id)
        }
        messagesWritten()
        return next
    }

    /// Withdraws the application before it is decided.
    public func withdraw(_ id: String, by identity: CitizenIdentity) async throws -> OnlineApplication {
        let (application, _) = try await own(id, by: identity)
        let (next, event) = try OnlineApplying.withdraw(application, now: clock.now())
        try await repository.update(next, expectedRevision: application.revision, event: event, at: clock.now())
        return next
    }

    /// One of the citizen's own files, for download.
    public func file(_ fileID: Int64, of id: String, by identity: CitizenIdentity) async throws -> (file: ApplicationFile, url: URL) {
        _ = try await own(id, by: identity)
        return try await stored(fileID, of: id)
    }

    func stored(_ fileID: Int64, of id: String) async throws -> (file: ApplicationFile, url: URL) {
        try await readable(try await repository.file(id: fileID, of: id))
    }

    /// `file` with where its bytes are; 404 when there is no such file or its bytes are gone.
    func readable(_ file: ApplicationFile?) async throws -> (file: ApplicationFile, url: URL) {
        guard let file, let url = try await store.localFile(of: file.blob.sha256) else { throw ProblemDetails.notFound("文件不存在") }
        return (file, url)
    }

    func hallName(_ hall: HallCode) -> String {
        catalog.snapshot.hallsByCode[hall]?.name ?? hall.rawValue
    }
}
