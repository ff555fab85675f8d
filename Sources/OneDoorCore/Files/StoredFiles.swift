/// A stored file, named by the SHA-256 of its bytes (ADR 0025).
public struct BlobReference: Sendable, Hashable, Codable {
    /// 64 lower-case hex digits.
    public var sha256: String
    public var size: Int
    public var kind: FileKind

    public init(sha256: String, size: Int, kind: FileKind) {
        self.sha256 = sha256
        self.size = size
        self.kind = kind
    }

    /// Whether `text` has the shape of a SHA-256 (before it is used in a path).
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}

/// A document of one of a case's materials: a stored file and who put it there when.
public struct CaseFile: Sendable, Hashable {
    public var id: Int64
    public var caseNumber: CaseNumber
    public var materialIndex: Int
    public var name: String
    public var blob: BlobReference
    public var uploadedAt: Int64
    public var uploadedBy: String

    public init(id: Int64, caseNumber: CaseNumber, materialIndex: Int, name: String, blob: BlobReference, uploadedAt: Int64, uploadedBy: String) {
        self.id = id
        self.caseNumber = caseNumber
        self.materialIndex = materialIndex
        self.name = name
        self.blob = blob
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }
}

