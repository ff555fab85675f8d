/// The kinds of file the platform takes (issue 15 §3): PDF, JPEG and PNG, recognised by their
/// first bytes, never by the name or the declared type.
public enum FileKind: String, Sendable, Codable, CaseIterable {
    case pdf
    case jpeg
    case png

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var label: String {
        switch self {
        case .pdf: "PDF 文件"
        case .jpeg: "JPEG 图片"
        case .png: "PNG 图片"
        }
    }

    /// The file name extensions that name this kind.
    public var extensions: Set<String> {
        switch self {
        case .pdf: ["pdf"]
        case .jpeg: ["jpg", "jpeg"]
        case .png: ["png"]
        }
    }

    /// The kind the first bytes say, or nil for anything else (a zip, an executable, HTML…).
    /// Eight bytes are enough for all three.
    public static func sniff<C: Collection>(_ head: C) -> FileKind? where C.Element == UInt8 {
        let bytes = Array(head.prefix(8))
        if bytes.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf }  // "%PDF-"
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }
}

/// Limits on what one request may upload (configurable; issue 15: 20 MB a file, 100 MB an application).
public struct UploadPolicy: Sendable, Hashable {
    public var maximumFileSize: Int
    public var maximumTotalSize: Int
    public var maximumFiles: Int

    public init(maximumFileSize: Int = 20 << 20, maximumTotalSize: Int = 100 << 20, maximumFiles: Int = 20) {
        self.maximumFileSize = maximumFileSize
        self.maximumTotalSize = maximumTotalSize
        self.maximumFiles = maximumFiles
    }
}

/// A file name as the platform keeps it: what follows the last '/' or '\\', without control
/// characters, at most 100 characters; "文件" when nothing is left. It is only ever shown (and
/// sent back in a Content-Disposition header, encoded): files are stored by their SHA-256.
public enum FileName {
    public static func cleaned(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let printable = last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" }
        var text = String(String.UnicodeScalarView(printable)).trimmingWhitespace()
        while text.hasPrefix(".") { text.removeFirst() }
        return text.isEmpty ? "文件" : String(text.prefix(100))
    }

    /// The extension, lower case ("pdf"), if the name has one.
    public static func fileExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.isEmpty || ext.count > 8 ? nil : ext
    }

    /// The problem of a file whose content is `kind` (nil: none of the three) under `name`, if any.
    public static func problem(name: String, kind: FileKind?) -> String? {
        guard let kind else { return "“\(name)”不是 PDF、JPEG 或 PNG 文件（按文件内容识别），请转换后再上传" }
        if let ext = fileExtension(name), FileKind.allCases.contains(where: { $0.extensions.contains(ext) }), !kind.extensions.contains(ext) {
            return "“\(name)”的内容是\(kind.label)，与文件名的扩展名（.\(ext)）不符，请确认是否选错了文件"
        }
        return nil
    }
}
