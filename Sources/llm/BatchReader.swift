import Foundation
import SwiftLLM

/// Reads `llm batch`'s input one line at a time, in bounded memory: the file is read in chunks and
/// a line longer than ``maxLineBytes`` is skipped to its end, never held, and becomes that line's
/// typed error. Memory holds one chunk and one line, whatever the file's size.
struct BatchReader {
    /// One line: its 1-based number and its bytes, or nil when it was over the limit.
    struct Line {
        var number: Int
        var bytes: [UInt8]?
        var length: Int
    }

    let maxLineBytes: Int
    private let handle: FileHandle
    private let chunkSize: Int
    private var chunk: [UInt8] = []
    private var offset = 0
    private var atEnd = false
    private var number = 0

    /// Opens `path`.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when the file cannot be read.
    init(path: String, maxLineBytes: Int, chunkSize: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LLMError(
                code: .invalidConfiguration, message: "cannot read the input file '\(path)'",
                hint: "check the path and permissions", parameter: "INPUT")
        }
        self.handle = handle
        self.maxLineBytes = maxLineBytes
        self.chunkSize = chunkSize
    }

    /// The next line (empty lines included), or nil at the end of the file.
    mutating func next() throws -> Line? {
        var line: [UInt8] = []
        var length = 0
        var over = false
        while true {
            if offset == chunk.count {
                if atEnd { break }
                chunk = Array(try handle.read(upToCount: chunkSize) ?? Data())
                offset = 0
                if chunk.isEmpty {
                    atEnd = true
                    break
                }
            }
            let newline = chunk[offset...].firstIndex(of: 0x0A)
            let end = newline ?? chunk.count
            let piece = end - offset
            length += piece
            if !over {
                if length > maxLineBytes {
                    over = true
                    line = []
                } else {
                    line.append(contentsOf: chunk[offset..<end])
                }
            }
            offset = end
            if newline != nil {
                offset += 1
                number += 1
                return Line(number: number, bytes: over ? nil : line, length: length)
            }
        }
        guard length > 0 else { return nil }
        number += 1
        return Line(number: number, bytes: over ? nil : line, length: length)
    }

    /// Closes the file.
    func close() {
        try? handle.close()
    }
}
