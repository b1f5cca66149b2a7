import CCrypto
import SwitchboardCommon

/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): what a
/// push service forwards and only the subscribing browser can read. ECDH, HKDF and AES-GCM are
/// libcrypto's; this file only arranges their inputs as the RFCs say.
public enum WebPushEncryption {
    /// One record holds the whole message: this record size, so at most `maxPayload` bytes of payload.
    static let recordSize: UInt32 = 4096
    /// The record size less the padding delimiter and the 16-byte tag.
    public static let maxPayload = Int(recordSize) - 17

    /// The body of the push request: salt ‖ rs ‖ idlen ‖ keyid (our ephemeral public key) ‖ ciphertext.
    /// `receiver` is the subscription's `p256dh`; `authSecret` its 16-byte `auth`.
    public static func encrypt(_ payload: [UInt8], receiver: P256Key, authSecret: [UInt8],
                               ephemeral: P256Key? = nil, salt: [UInt8]? = nil) throws(P256Error) -> [UInt8] {
        guard payload.count <= maxPayload else { throw P256Error("payload over \(maxPayload) bytes") }
        guard authSecret.count == 16 else { throw P256Error("the auth secret must be 16 bytes") }
        let sender: P256Key
        if let ephemeral { sender = ephemeral } else { sender = try P256Key.generate() }
        let salt = salt ?? Crypto.randomBytes(16)
        let senderPoint = sender.publicPoint, receiverPoint = receiver.publicPoint
        let shared = try sender.sharedSecret(with: receiver)
        // RFC 8291 §3.4: the input keying material binds both public keys and the auth secret.
        let keyInfo = Array("WebPush: info".utf8) + [0] + receiverPoint + senderPoint
        let ikm = try hkdfSHA256(salt: authSecret, ikm: shared, info: keyInfo, length: 32)
        let cek = try hkdfSHA256(salt: salt, ikm: ikm, info: Array("Content-Encoding: aes128gcm".utf8) + [0], length: 16)
        let nonce = try hkdfSHA256(salt: salt, ikm: ikm, info: Array("Content-Encoding: nonce".utf8) + [0], length: 12)
        // The only (so the last) record: payload, then the delimiter 0x02, no padding.
        let sealed = try aes128GCM(key: cek, nonce: nonce, plaintext: payload + [0x02])
        let rs = recordSize
        let header = salt + [UInt8(rs >> 24), UInt8((rs >> 16) & 0xff), UInt8((rs >> 8) & 0xff), UInt8(rs & 0xff),
                             UInt8(senderPoint.count)] + senderPoint
        return header + sealed
    }

    /// HKDF-SHA256 (RFC 5869), extract then expand, by libcrypto's HKDF.
    public static func hkdfSHA256(salt: [UInt8], ikm: [UInt8], info: [UInt8], length: Int) throws(P256Error) -> [UInt8] {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nil) else { throw P256Error("HKDF context failed") }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_derive_init(ctx) == 1, EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) == 1,
              EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, Int32(salt.count)) == 1,
              EVP_PKEY_CTX_set1_hkdf_key(ctx, ikm, Int32(ikm.count)) == 1,
              EVP_PKEY_CTX_add1_hkdf_info(ctx, info, Int32(info.count)) == 1 else { throw P256Error("HKDF set-up failed") }
        var out = [UInt8](repeating: 0, count: length)
        var written = length
        guard EVP_PKEY_derive(ctx, &out, &written) == 1, written == length else { throw P256Error("HKDF failed") }
        return out
    }

    /// AES-128-GCM: ciphertext ‖ 16-byte tag, no additional data.
    static func aes128GCM(key: [UInt8], nonce: [UInt8], plaintext: [UInt8]) throws(P256Error) -> [UInt8] {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw P256Error("cipher context failed") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: 16)
        let ok = out.withUnsafeMutableBufferPointer { buffer -> Bool in
            var length: Int32 = 0, final: Int32 = 0
            guard EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nil, key, nonce) == 1,
                  EVP_EncryptUpdate(ctx, buffer.baseAddress, &length, plaintext, Int32(plaintext.count)) == 1,
                  EVP_EncryptFinal_ex(ctx, buffer.baseAddress! + Int(length), &final) == 1,
                  Int(length + final) == plaintext.count else { return false }
            return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, &tag) == 1
        }
        guard ok else { throw P256Error("AES-128-GCM failed") }
        return Array(out.prefix(plaintext.count)) + tag
    }
}
