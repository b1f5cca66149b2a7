import SwitchboardCommon

/// sb_multipart: the parts of an outbound upload, encoded by the host's MultipartFormData.
final class MultipartBody {
    var parts: [MultipartFormData.Part] = []

    var handle: OpaquePointer { OpaquePointer(Unmanaged.passRetained(self).toOpaque()) }

    static func from(_ handle: OpaquePointer?) -> MultipartBody? {
        guard let handle else { return nil }
        return Unmanaged<MultipartBody>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }

    static func release(_ handle: OpaquePointer) { Unmanaged<MultipartBody>.fromOpaque(UnsafeRawPointer(handle)).release() }
}
