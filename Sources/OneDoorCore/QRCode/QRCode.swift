/// A QR code symbol (ISO/IEC 18004): byte mode, error correction level M, versions 1–10,
/// the mask chosen by the standard's penalty rules.
///
/// Written here because no Swift QR package is available to the project; receipts carry one
/// that encodes the public progress URL. `.ci/run` decodes rendered codes with zbarimg.
public struct QRCode: Sendable {
    public let version: Int
    /// Modules per side (17 + 4·version), without the quiet zone.
    public let size: Int
    public private(set) var mask: Int
    /// Row-major, true = dark.
    private var modules: [Bool]
    private var isFunction: [Bool]

    public enum EncodingError: Error, Sendable, Equatable {
        /// More bytes than version 10-M holds (213).
        case tooLong(bytes: Int, maximum: Int)
    }

    /// Error-correction block layout for level M: EC codewords per block, and (blocks, data codewords) groups.
    static let layoutM: [(ecPerBlock: Int, groups: [(blocks: Int, data: Int)])] = [
        (10, [(1, 16)]), (16, [(1, 28)]), (26, [(1, 44)]), (18, [(2, 32)]), (24, [(2, 43)]),
        (16, [(4, 27)]), (18, [(4, 31)]), (22, [(2, 38), (2, 39)]), (22, [(3, 36), (2, 37)]), (26, [(4, 43), (1, 44)]),
    ]
    static let alignmentPositions: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]
    /// Level M's two format bits.
    static let formatBitsM = 0

    static func dataCodewords(version: Int) -> Int {
        layoutM[version - 1].groups.reduce(0) { $0 + $1.blocks * $1.data }
    }

    /// The most bytes a version holds in byte mode at level M.
    public static func capacity(version: Int) -> Int {
        let countBits = version < 10 ? 8 : 16
        return (dataCodewords(version: version) * 8 - 4 - countBits) / 8
    }

    /// Encodes the UTF-8 bytes of `text` in the smallest version that holds them.
    public init(text: String, mask: Int? = nil) throws(EncodingError) {
        try self.init(bytes: Array(text.utf8), mask: mask)
    }

    public init(bytes: [UInt8], mask forcedMask: Int? = nil) throws(EncodingError) {
        guard let version = (1...10).first(where: { QRCode.capacity(version: $0) >= bytes.count }) else {
            throw .tooLong(bytes: bytes.count, maximum: QRCode.capacity(version: 10))
        }
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        mask = 0
        drawFunctionPatterns()
        drawCodewords(QRCode.codewords(bytes, version: version))

        // Try the eight masks and keep the one with the lowest penalty.
        var best = forcedMask ?? 0
        if forcedMask == nil {
            var lowest = Int.max
            for candidate in 0..<8 {
                applyMask(candidate)
                drawFormatBits(mask: candidate)
                let penalty = penalty()
                if penalty < lowest { lowest = penalty; best = candidate }
                applyMask(candidate)  // XOR again undoes it
            }
        }
        mask = best
        applyMask(best)
        drawFormatBits(mask: best)
    }

    /// True when the module at column `x`, row `y` is dark.
    public subscript(x: Int, y: Int) -> Bool { modules[y * size + x] }

    // MARK: Data

    /// Mode, count, data, terminator and padding, split into blocks with their EC codewords,
    /// interleaved in transmission order.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let capacityBits = dataCodewords(version: version) * 8
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)  // byte mode
        bits.append(bytes.count, count: version < 10 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count * 8 < capacityBits {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let layout = layoutM[version - 1]
        var blocks: [[UInt8]] = []
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.blocks {
                blocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let ec = blocks.map { ReedSolomon.remainder($0, degree: layout.ecPerBlock) }
        var result: [UInt8] = []
        for i in 0..<(blocks.map(\.count).max() ?? 0) {
            for block in blocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<layout.ecPerBlock {
            for block in ec { result.append(block[i]) }
        }
        return result
    }

    // MARK: Function patterns

    private mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = cx + dx, y = cy + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let distance = max(abs(dx), abs(dy))
                    setFunction(x, y, distance != 2 && distance != 4)
                }
            }
        }
        let positions = QRCode.alignmentPositions[version - 1]
        let last = positions.count - 1
        for (i, cx) in positions.enumerated() {
            for (j, cy) in positions.enumerated() {
                // Not over the three finder patterns.
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(mask: 0)  // reserves the areas; the real bits come with the mask
        drawVersion()
    }

    /// The 15 format bits: level and mask, BCH(15,5) protected, XOR 101010000010010.
    static func formatBits(mask: Int) -> Int {
        let data = formatBitsM << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The 18 version bits (versions 7 and up), BCH(18,6) protected.
    static func versionBits(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }

    private mutating func drawFormatBits(mask: Int) {
        let bits = QRCode.formatBits(mask: mask)
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 != 0 }
        // Around the top-left finder.
        for i in 0...5 { setFunction(8, i, bit(i)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(i)) }
        // Split between the other two finders.
        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(i)) }
        setFunction(8, size - 8, true)  // the dark module
    }

    private mutating func drawVersion() {
        guard version >= 7 else { return }
        let bits = QRCode.versionBits(version)
        for i in 0..<18 {
            let dark = (bits >> i) & 1 != 0
            let a = size - 11 + i % 3, b = i / 3
            setFunction(a, b, dark)
            setFunction(b, a, dark)
        }
    }

    /// Places the codewords in the two-column zigzag from the bottom-right corner, skipping
    /// function modules and the vertical timing pattern; remainder bits stay light.
    private mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x] && i < data.count * 8 {
                        modules[y * size + x] = (data[i >> 3] >> (7 - (i & 7))) & 1 != 0
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    // MARK: Masks

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert = switch mask {
                case 0: (x + y) % 2 == 0
                case 1: y % 2 == 0
                case 2: x % 3 == 0
                case 3: (x + y) % 3 == 0
                case 4: (x / 3 + y / 2) % 2 == 0
                case 5: x * y % 2 + x * y % 3 == 0
                case 6: (x * y % 2 + x * y % 3) % 2 == 0
                default: ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }

    /// The penalty score of ISO/IEC 18004 §7.8.3 (N1 = 3, N2 = 3, N3 = 40, N4 = 10).
    func penalty() -> Int {
        var score = 0
        let finderLike: [[Bool]] = [
            [true, false, true, true, true, false, true, false, false, false, false],
            [false, false, false, false, true, false, true, true, true, false, true],
        ]
        for line in 0..<size {
            let row = (0..<size).map { self[$0, line] }
            let column = (0..<size).map { self[line, $0] }
            for modules in [row, column] {
                // N1: runs of five or more of one colour.
                var run = 1
                for i in 1..<size {
                    if modules[i] == modules[i - 1] {
                        run += 1
                    } else {
                        if run >= 5 { score += 3 + run - 5 }
                        run = 1
                    }
                }
                if run >= 5 { score += 3 + run - 5 }
                // N3: 1:1:3:1:1 finder-like patterns with four light modules on one side.
                for start in 0...(size - 11) {
                    for pattern in finderLike where (0..<11).allSatisfy({ modules[start + $0] == pattern[$0] }) { score += 40 }
                }
            }
        }
        // N2: 2×2 blocks of one colour.
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = self[x, y]
                if c == self[x + 1, y] && c == self[x, y + 1] && c == self[x + 1, y + 1] { score += 3 }
            }
        }
        // N4: distance of the dark share from 50 %, in steps of 5 %.
        let dark = modules.lazy.filter { $0 }.count
        let total = size * size
        score += ((abs(dark * 20 - total * 10) + total - 1) / total - 1) * 10
        return score
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 != 0) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (start + $1 < bits.count && bits[start + $1] ? 1 : 0) }
        }
    }
}
