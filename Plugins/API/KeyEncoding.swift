/// Numbers in KV keys, zero-padded to 20 digits (UInt64's width) so key order is numeric order.
func zeroPadded(_ number: UInt64) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
}

/// A cursor or sequence number: decimal digits only, fitting UInt64.
func parseCursor(_ text: some StringProtocol) -> UInt64? {
    guard !text.isEmpty, text.utf8.count <= 20, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    return UInt64(text)
}
