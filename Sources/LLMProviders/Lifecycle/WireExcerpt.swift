import Foundation

/// The start of a body for an error message: at most 200 bytes, then `...`.
enum WireExcerpt {
    static func of(_ data: Data) -> String {
        let text = String(decoding: data.prefix(200), as: UTF8.self)
        return data.count > 200 ? text + "..." : text
    }
}
