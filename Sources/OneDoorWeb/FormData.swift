import Foundation

/// The fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
struct FormData {
    private(set) var fields: [String: [String]] = [:]

    subscript(name: String) -> String? { fields[name]?.first }

    func all(_ name: String) -> [String] { fields[name] ?? [] }

    init(fields: [String: [String]]) {
        self.fields = fields
    }

    /// Parses a body according to its content type; unknown types give no fields.
    init(body: [UInt8], contentType: String?) {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data"), let boundary = FormData.boundary(contentType ?? "") {
            self.init(fields: FormData.multipart(body, boundary: boundary))
        } else {
            self.init(fields: FormData.urlEncoded(String(decoding: body, as: UTF8.self)))
        }
    }

    static func urlEncoded(_ text: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return fields
    }

    static func boundary(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("boundary=") {
                return String(trimmed.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// A minimal multipart reader: each part's `name` and its content as UTF-8 text.
    static func multipart(_ body: [UInt8], boundary: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        let delimiter = Array("--\(boundary)".utf8)
        let data = Data(body)
        var ranges: [Range<Data.Index>] = []
        var search = data.startIndex..<data.endIndex
        while let r = data.range(of: Data(delimiter), in: search) {
            ranges.append(r)
            search = r.upperBound..<data.endIndex
        }
        for (a, b) in zip(ranges, ranges.dropFirst()) {
            let part = data[a.upperBound..<b.lowerBound]
            guard let headerEnd = part.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let headers = String(decoding: part[part.startIndex..<headerEnd.lowerBound], as: UTF8.self)
            var content = part[headerEnd.upperBound..<part.endIndex]
            if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
            guard let nameRange = headers.range(of: "name=\"") else { continue }
            let rest = headers[nameRange.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { continue }
            fields[String(rest[..<end]), default: []].append(String(decoding: content, as: UTF8.self))
        }
        return fields
    }
}
