/// A message's words with `{{name}}` placeholders (ADR 0022). Rendering names every missing
/// value and every placeholder the template does not know, so a template edited by an
/// administrator cannot send "{{code}}" to a citizen.
public struct MessageTemplate: Sendable, Hashable, Codable {
    public var code: String
    public var channel: MessageChannel
    public var subject: String
    public var text: String

    public init(code: String, channel: MessageChannel, subject: String = "", text: String) {
        self.code = code
        self.channel = channel
        self.subject = subject
        self.text = text
    }

    /// The placeholders of `text` and `subject`, in order of first appearance.
    public var placeholders: [String] {
        var seen: [String] = []
        for part in [subject, text] {
            for name in Self.names(in: part) where !seen.contains(name) { seen.append(name) }
        }
        return seen
    }

    /// The subject and text with every placeholder replaced, or the problems: placeholders
    /// without a value, and malformed ones (`{{` without `}}`).
    public func render(_ values: [String: String]) -> Result<(subject: String, text: String), ValidationFailed> {
        var c = ProblemCollector()
        let subject = Self.fill(subject, values, path: "subject", into: &c)
        let text = Self.fill(text, values, path: "text", into: &c)
        if !c.problems.isEmpty { return .failure(ValidationFailed(c.problems)) }
        return .success((subject, text))
    }

    static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(String(rest[open.upperBound..<close.lowerBound]).trimmingWhitespace())
            rest = rest[close.upperBound...]
        }
        return names
    }

    static func fill(_ text: String, _ values: [String: String], path: String, into c: inout ProblemCollector) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                c.add(path, "模板中的“{{”没有对应的“}}”")
                return out
            }
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingWhitespace()
            if let value = values[name] { out += value } else { c.add(path, "模板变量“\(name)”没有取值") }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
