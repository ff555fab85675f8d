/// One stored wording of a message template.
public struct TemplateVersion: Sendable, Hashable {
    public var template: MessageTemplate
    public var version: Int
    public var note: String
    /// Who published it (staff number and name, as the audit log names people).
    public var author: String
    public var createdAt: Int64

    public init(template: MessageTemplate, version: Int, note: String, author: String, createdAt: Int64) {
        self.template = template
        self.version = version
        self.note = note
        self.author = author
        self.createdAt = createdAt
    }
}
