/// A required document of an item (申请材料), as the service guide lists it.
public struct Material: Sendable, Hashable, Codable {
    public var name: String
    public var type: MaterialType
    public var form: MaterialForm
    /// 原件份数.
    public var originals: Int
    /// 复印件份数.
    public var copies: Int
    public var necessity: MaterialNecessity
    public var source: MaterialSource
    /// Where the blank form can be downloaded, if there is one (空白表格).
    public var blankForm: String?
    /// Where a filled-in sample can be seen (示例样表).
    public var sample: String?
    /// 填报须知 and other notes.
    public var notes: String

    public init(
        name: String,
        type: MaterialType = .certificate,
        form: MaterialForm = .paper,
        originals: Int = 1,
        copies: Int = 0,
        necessity: MaterialNecessity = .required,
        source: MaterialSource = .applicant,
        blankForm: String? = nil,
        sample: String? = nil,
        notes: String = ""
    ) {
        self.name = name
        self.type = type
        self.form = form
        self.originals = originals
        self.copies = copies
        self.necessity = necessity
        self.source = source
        self.blankForm = blankForm
        self.sample = sample
        self.notes = notes
    }
}
