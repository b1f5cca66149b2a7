import SwitchboardSupport

/// Opaque, prefixed, random identifiers ("cnv_3f9a…"): stable, unguessable, readable in logs.
public enum Identifier {
    public static func make(_ prefix: String) -> String { prefix + "_" + Crypto.randomHex(bytes: 10) }
}
