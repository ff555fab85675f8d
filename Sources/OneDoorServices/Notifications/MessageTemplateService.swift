import Logging
import OneDoorCore
import OneDoorStorage
import Synchronization

/// The message templates in use and their versions (ADR 0029). Services ask ``current()`` for
/// the book each time they write messages: answered from memory, and read again from the
/// database when older than ``refreshSeconds`` — so a template published on one server is used by
/// every server sharing the database within that time, and at once by the one it was published on.
public final class MessageTemplateService: Sendable {
    let repository: TemplateRepository?
    let clock: any AppClock
    let logger: Logger
    private let cache: Mutex<(book: TemplateBook, loadedAt: Int64)?> = Mutex(nil)
    public static let refreshSeconds: Int64 = 10

    /// Without a database: the built-in wording only (tests of services that write messages).
    public static let builtIn = MessageTemplateService(repository: nil, clock: SystemClock())

    /// The built-in wording with the site's public address, for the links to 我的 in messages:
    /// what administrators' versions are laid over.
    let builtInBook: TemplateBook

    public init(repository: TemplateRepository?, clock: any AppClock, site: String = "", logger: Logger = Logger(label: "onedoor.templates")) {
        var book = TemplateBook.standard
        book.site = site.hasSuffix("/") ? String(site.dropLast()) : site
        self.builtInBook = book
        self.repository = repository
        self.clock = clock
        self.logger = logger
    }

    /// The templates to render messages with now.
    public func current() async -> TemplateBook {
        guard let repository else { return builtInBook }
        let now = clock.now()
        if let cached = cache.withLock({ $0 }), now - cached.loadedAt < Self.refreshSeconds, now >= cached.loadedAt { return cached.book }
        do {
            let book = try await repository.current().reduce(builtInBook) { $0.with($1.template, version: $1.version) }
            cache.withLock { $0 = (book, now) }
            return book
        } catch {
            // Messages still go out in the last known (or built-in) words; the next ask tries again.
            logger.warning("message templates not read", metadata: ["error": "\(error)"])
            return cache.withLock { $0?.book } ?? builtInBook
        }
    }

    /// One template as administrators see it: what it is for, the wording in use and its version,
    /// the built-in wording, and the variables it may use.
    public struct Entry: Sendable {
        public var code: String
        public var purpose: String
        public var current: MessageTemplate
        public var version: Int
        public var builtIn: MessageTemplate
        public var variables: [String]
        public var required: [String]
    }

    public func list(by identity: Identity) async throws -> [Entry] {
        try identity.require(.manageTemplates)
        let book = await fresh()
        return TemplateBook.builtIn.keys.sorted().compactMap { entry($0, book) }
    }

    /// One template with every stored version, newest first.
    public func detail(_ code: String, by identity: Identity) async throws -> (entry: Entry, history: [TemplateVersion]) {
        try identity.require(.manageTemplates)
        guard let entry = entry(code, await fresh()) else { throw ProblemDetails.notFound("没有编码为“\(code.prefix(40))”的消息模板") }
        return (entry, try await repository?.history(code) ?? [])
    }

    /// Publishes a new wording of `code` as the version after `expected` (the one the editor
    /// saw): checked (only the message's variables, the required ones kept), audited, in use at
    /// once here and within ``refreshSeconds`` on every server.
    public func publish(_ code: String, subject: String, text: String, note: String, expected: Int, by identity: Identity, client: String) async throws -> Int {
        try identity.require(.manageTemplates)
        guard let repository else { throw ProblemDetails.notFound("消息模板不可编辑") }
        let template = try TemplateBook.check(code: code, subject: subject, text: text).get()
        var c = ProblemCollector()
        let note = note.trimmingWhitespace()
        if note.count > 200 { c.add("note", "修改说明不能超过 200 字") }
        try c.throwIfAny()
        guard let version = try await repository.publish(template, expected: expected, note: note,
                                                         author: "\(identity.account.displayName)（\(identity.account.staffNumber)）",
                                                         actor: identity.actor(client: client), at: clock.now()) else {
            throw ProblemDetails(status: 409, title: "Conflict", detail: "该模板刚被其他管理员修改，请刷新后再改")
        }
        cache.withLock { $0 = nil }
        return version
    }

    /// The book read now, not from memory (administrators see what they just published).
    func fresh() async -> TemplateBook {
        cache.withLock { $0 = nil }
        return await current()
    }

    func entry(_ code: String, _ book: TemplateBook) -> Entry? {
        guard let builtIn = TemplateBook.builtIn[code], let current = book.template(code) else { return nil }
        return Entry(code: code, purpose: TemplateBook.purposes[code] ?? code, current: current, version: book.versions[code] ?? 0, builtIn: builtIn,
                     variables: builtIn.placeholders, required: (TemplateBook.required[code] ?? []).sorted())
    }
}
