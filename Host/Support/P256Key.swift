import CCrypto
import SwitchboardCommon

/// Why a P-256 operation failed: libcrypto refused, or the input is not what it must be.
public struct P256Error: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A P-256 (prime256v1) key held by libcrypto: generated, stored as DER, used for ECDH and ES256.
/// Every primitive is libcrypto's; this type only moves bytes in and out.
public final class P256Key: @unchecked Sendable {
    let pkey: OpaquePointer

    private init(_ pkey: OpaquePointer) { self.pkey = pkey }
    deinit { EVP_PKEY_free(pkey) }

    /// The DER SubjectPublicKeyInfo prefix of every uncompressed P-256 public key (id-ecPublicKey,
    /// prime256v1, a 66-byte BIT STRING): with the 65 point bytes after it, libcrypto parses and checks the point.
    private static let spkiPrefix: [UInt8] = [0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                              0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00]

    /// A fresh key pair from the system's CSPRNG.
    public static func generate() throws(P256Error) -> P256Key {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw P256Error("EVP_PKEY_CTX_new_id failed") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1) == 1,
              EVP_PKEY_keygen(ctx, &key) == 1, let key else { throw P256Error("P-256 key generation failed") }
        return P256Key(key)
    }

    /// A private key from `privateKeyDER` (what `privateKeyDER` gave).
    public convenience init(privateKeyDER der: [UInt8]) throws(P256Error) {
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PrivateKey(EVP_PKEY_EC, nil, &cursor, buffer.count)
        }
        guard let key else { throw P256Error("not a DER EC private key") }
        self.init(key)
    }

    /// A public key from its 65-byte uncompressed point (0x04 ‖ X ‖ Y), as browsers give `p256dh`.
    /// A point that is not on the curve is refused.
    public convenience init(publicPoint point: [UInt8]) throws(P256Error) {
        guard point.count == 65, point[0] == 0x04 else { throw P256Error("must be a 65-byte uncompressed P-256 point") }
        let der = Self.spkiPrefix + point
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else { throw P256Error("not a point on P-256") }
        self.init(key)
    }

    /// The private key as DER (RFC 5915 ECPrivateKey), for storing.
    public var privateKeyDER: [UInt8] {
        let length = i2d_PrivateKey(pkey, nil)
        guard length > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: Int(length))
        out.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_PrivateKey(pkey, &cursor)
        }
        return out
    }

    /// The public key's uncompressed point (65 bytes): the last bytes of its SubjectPublicKeyInfo.
    public var publicPoint: [UInt8] {
        let length = i2d_PUBKEY(pkey, nil)
        guard length >= 65 else { return [] }
        var out = [UInt8](repeating: 0, count: Int(length))
        out.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_PUBKEY(pkey, &cursor)
        }
        return Array(out.suffix(65))
    }

    /// ECDH with `peer`'s public key: the shared secret (the X coordinate, 32 bytes).
    public func sharedSecret(with peer: P256Key) throws(P256Error) -> [UInt8] {
        guard let ctx = EVP_PKEY_CTX_new(pkey, nil) else { throw P256Error("EVP_PKEY_CTX_new failed") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var length = 0
        guard EVP_PKEY_derive_init(ctx) == 1, EVP_PKEY_derive_set_peer(ctx, peer.pkey) == 1,
              EVP_PKEY_derive(ctx, nil, &length) == 1 else { throw P256Error("ECDH set-up failed") }
        var secret = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_derive(ctx, &secret, &length) == 1 else { throw P256Error("ECDH failed") }
        return Array(secret.prefix(length))
    }

    /// An ES256 signature (ECDSA over SHA-256) in JOSE form: r ‖ s, 32 bytes each (RFC 7518 §3.4).
    public func signES256(_ message: [UInt8]) throws(P256Error) -> [UInt8] {
        guard let md = EVP_MD_CTX_new() else { throw P256Error("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(md) }
        var length = 0
        guard EVP_DigestSignInit(md, nil, EVP_sha256(), nil, pkey) == 1,
              EVP_DigestSign(md, nil, &length, message, message.count) == 1 else { throw P256Error("ECDSA set-up failed") }
        var der = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(md, &der, &length, message, message.count) == 1 else { throw P256Error("ECDSA signing failed") }
        let signature: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, length)
        }
        guard let signature else { throw P256Error("libcrypto gave an unreadable ECDSA signature") }
        defer { ECDSA_SIG_free(signature) }
        var r: OpaquePointer?, s: OpaquePointer?
        ECDSA_SIG_get0(signature, &r, &s)
        var raw = [UInt8](repeating: 0, count: 64)
        let written = raw.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(r, buffer.baseAddress, 32) + BN_bn2binpad(s, buffer.baseAddress! + 32, 32)
        }
        guard written == 64 else { throw P256Error("ECDSA signature does not fit 64 bytes") }
        return raw
    }
}
