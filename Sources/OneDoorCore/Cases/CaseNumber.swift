import Tagged

public enum CaseNumberTag {}

/// A case's number, `<hall>-<YYYYMMDD>-<sequence>` (ADR 0008), typed so that a hall code, a
/// query code or any other string cannot be passed where a case number is meant (ADR 0019).
/// Stored and sent as its plain text.
public typealias CaseNumber = Tagged<CaseNumberTag, String>

extension Tagged where Tag == CaseNumberTag, RawValue == String {
    /// A number as a person typed it or a request carried it: trimmed and upper-cased; nil unless
    /// it has the shape of one (a hall code of letters and digits, the day, the sequence), so a
    /// malformed number is refused at the edge instead of being looked up.
    public init?(parsing text: some StringProtocol) {
        let value = String(text).trimmingWhitespace().uppercased()
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
              (1...20).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              parts[1].count == 8, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              (5...9).contains(parts[2].count), parts[2].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        self.init(rawValue: value)
    }
}
