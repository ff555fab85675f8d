/// How many visits an item's cases cost their applicants (跑动次数, issue 15 §3): the shares of
/// 零跑腿 (no visit) and 最多跑一次 (at most one) the reform is measured by.
public struct TripShare: Sendable, Hashable {
    public var itemCode: ItemCode
    /// Cases whose trips are counted (those stored since trips were).
    public var cases: Int
    public var noTrip: Int
    public var atMostOne: Int

    public init(itemCode: ItemCode, cases: Int, noTrip: Int, atMostOne: Int) {
        self.itemCode = itemCode
        self.cases = cases
        self.noTrip = noTrip
        self.atMostOne = atMostOne
    }

    /// "62.5 %" of the counted cases (0 when none were counted).
    public static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
