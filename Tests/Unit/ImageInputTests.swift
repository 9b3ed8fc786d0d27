import Foundation
import LLMMedia
import Testing

@Suite struct ImageInputTests {
    @Test func stringInitialiserTellsURLsFromPaths() {
        #expect(ImageInput("https://example.com/a.png").source == .url(URL(string: "https://example.com/a.png")!))
        #expect(ImageInput("HTTP://example.com/a.png").source == .url(URL(string: "HTTP://example.com/a.png")!))
        #expect(ImageInput("/tmp/a.png").source == .file(path: "/tmp/a.png"))
        #expect(ImageInput("relative/a.png", detail: .low).detail == .low)
    }

    @Test func remoteURLIsPassedThrough() throws {
        let input = ImageInput.url(URL(string: "https://example.com/cat.jpg")!, detail: .high)
        #expect(try input.resolvedURLString() == "https://example.com/cat.jpg")
    }

    @Test func nonHTTPURLIsRejected() {
        let input = ImageInput.url(URL(string: "ftp://example.com/cat.jpg")!)
        #expect(throws: MediaError.invalidURL("ftp://example.com/cat.jpg")) { try input.resolvedURLString() }
    }

    @Test func bytesBecomeADataURLWithTheSniffedType() throws {
        // Declared as JPEG, but the bytes are PNG: the bytes win.
        let url = try ImageInput.bytes(Fixtures.png, mimeType: .jpeg).resolvedURLString()
        #expect(url == "data:image/png;base64,\(Fixtures.png.base64EncodedString())")
    }

    @Test func fileIsReadWhenResolvedAndTypedByContentNotName() throws {
        let path = try Fixtures.temporaryFile(named: "photo.png", data: Fixtures.jpeg)
        let input = ImageInput.file(path)
        // Changing the file after creating the input changes what is sent: it is read when sent.
        try Fixtures.jpeg.write(to: URL(fileURLWithPath: path))
        let loaded = try input.loadImage()
        #expect(loaded.mimeType == .jpeg)
        #expect(loaded.data == Fixtures.jpeg)
    }

    @Test func missingFileIsAClearError() {
        #expect(
            throws: MediaError.fileNotReadable(path: "/nonexistent/x.png", reason: "no such file or not accessible")
        ) {
            try ImageInput.file("/nonexistent/x.png").loadImage()
        }
    }

    @Test func directoryIsRejected() {
        #expect(throws: MediaError.fileNotReadable(path: "/tmp", reason: "it is a directory")) {
            try ImageInput.file("/tmp").loadImage()
        }
    }

    @Test func textFileIsNotAnImage() throws {
        let path = try Fixtures.temporaryFile(named: "fake.png", data: Data("not an image".utf8))
        #expect(throws: MediaError.unsupportedMediaType(detected: nil, expected: [.png, .jpeg, .gif, .webp])) {
            try ImageInput.file(path).loadImage()
        }
    }

    @Test func audioBytesAreNotAnImage() {
        let wav = Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)
        #expect(throws: MediaError.unsupportedMediaType(detected: .wav, expected: [.png, .jpeg, .gif, .webp])) {
            try ImageInput.bytes(wav).loadImage()
        }
    }

    @Test func oversizedFileIsRejectedBeforeReading() throws {
        let path = try Fixtures.temporaryFile(named: "big.png", data: Fixtures.png + Data(count: 100))
        #expect(throws: MediaError.tooLarge(bytes: Fixtures.png.count + 100, limit: 50)) {
            try ImageInput.file(path).loadImage(maxBytes: 50)
        }
    }

    @Test func emptyBytesAreRejected() {
        #expect(throws: MediaError.empty) { try ImageInput.bytes(Data()).loadImage() }
    }

    @Test func dataURLInputIsChecked() throws {
        let good = "data:image/png;base64,\(Fixtures.png.base64EncodedString())"
        #expect(try ImageInput(good).resolvedURLString() == good)
        let bad = "data:image/png;base64,\(Data("text".utf8).base64EncodedString())"
        #expect(throws: MediaError.self) { try ImageInput(bad).resolvedURLString() }
    }

    @Test func errorDescriptionsSayHowToFix() {
        #expect(MediaError.tooLarge(bytes: 30, limit: 20).description.contains("resize or compress"))
        #expect(
            MediaError.unsupportedMediaType(detected: .wav, expected: [.png]).description
                == "the media looks like audio/wav; expected one of image/png")
    }

    @Test func audioInputSniffsItsFormat() throws {
        let wav = Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)
        #expect(try AudioInput(data: wav).format == "wav")
        #expect(throws: MediaError.unsupportedMediaType(detected: .png, expected: [.wav, .mp3, .flac, .ogg])) {
            try AudioInput(data: Fixtures.png)
        }
    }

    @Test func videoJobStatusesThatEndAJob() {
        #expect(VideoJobStatus.failed.isTerminal && !VideoJobStatus.queued.isTerminal)
    }
}
