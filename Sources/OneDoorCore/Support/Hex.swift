/// Lower-case hexadecimal of bytes (digests, signatures, tokens' hashes), two digits a byte,
/// without per-byte string formatting: it runs on every signed-in request.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
