/// Amazon's marketplaces as the relay's alias domains name them (`…@marketplace.amazon.<tld>`):
/// the top-level part → the marketplace id the SP-API takes (Amazon's published table).
enum Marketplaces {
    static let byTLD: [String: String] = [
        "com": "ATVPDKIKX0DER", "ca": "A2EUQ1WTGCTBG2", "com.mx": "A1AM78C64UM0Y8", "com.br": "A2Q3Y263D00KWC",
        "co.uk": "A1F83G8C2ARO7P", "de": "A1PA6795UKMFR9", "fr": "A13V1IB3VIYZZH", "it": "APJ6JRA9NG5V4", "es": "A1RKKUPIHCS9HS",
        "nl": "A1805IZSGTT6HS", "se": "A2NODRKZP88ZB9", "pl": "A1C3SOZRARQ6R3", "com.be": "AMEN7PMS3EDWL", "com.tr": "A33AVAJ2PDY3EV",
        "ae": "A2VIGQ35RCS4UG", "sa": "A17E79C6D8DWNP", "eg": "ARBP9OOSHTCHU", "in": "A21TJRUUN4KGV",
        "co.jp": "A1VC38T7YXB528", "com.au": "A39IBJ37TRP1C6", "sg": "A19VAU5U5O7RUS",
    ]

    static func id(tld: String) -> String? { byTLD[tld.lowercased()] }
}
