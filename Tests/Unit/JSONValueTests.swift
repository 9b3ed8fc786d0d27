import Foundation
import LLMCore
import LLMSupport
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsEveryKind() throws {
        let value: JSONValue = ["a": 1, "b": 2.5, "c": "s", "d": true, "e": nil, "f": [1, "x", ["g": false]]]
        let parsed = try JSONValue(parsing: Data(value.jsonString.utf8))
        #expect(parsed == value)
        #expect(value.jsonString == #"{"a":1,"b":2.5,"c":"s","d":true,"e":null,"f":[1,"x",{"g":false}]}"#)
    }

    @Test func accessors() {
        let value: JSONValue = ["name": "x"]
        #expect(value["name"]?.stringValue == "x")
        #expect(value["missing"] == nil)
        #expect(JSONValue.int(1).objectValue == nil)
    }

    @Test func malformedJSONThrows() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: Data("{".utf8)) }
    }
}

@Suite struct JSONParserTests {
    @Test func parsesEscapesSurrogatesAndNumbers() throws {
        let value = try JSONValue(
            parsing:
                #"{"a": "tab\tquote\" slash\/ \u00e9 \ud83d\ude00", "i": -12, "d": 1.5e3, "z": 0, "n": [true, false, null]}"#
        )
        #expect(value["a"] == .string("tab\tquote\" slash/ é 😀"))
        #expect(value["i"] == .int(-12))
        #expect(value["d"] == .double(1500))
        #expect(value["z"] == .int(0))
        #expect(value["n"] == [true, false, nil])
        #expect(try JSONValue(parsing: " [ ] ") == .array([]))
        #expect(try JSONValue(parsing: "123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"\\ud800\"", "\"a\nb\"", "[1] 2", "nul",
        "{\"a\":1,}", "\"\\u12\"",
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: (any Error).self) { try JSONValue(parsing: text) }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: Data([0x22, 0xFF, 0x22])) }
        #expect(throws: (any Error).self) {
            try JSONValue(parsing: String(repeating: "[", count: 600) + String(repeating: "]", count: 600))
        }
    }

    @Test func roundTripsThroughTheSerializer() throws {
        let text = #"{"a":[1,2.5,"x\n\"y\"",{"b":null}],"c":true}"#
        #expect(try JSONValue(parsing: text).jsonString == text)
    }

    @Test func serializesMembersInKeyOrderAtEverySize() throws {
        for count in [0, 1, 2, 7, 40] {
            let keys = (0..<count).map { "k\(($0 * 7919) % 1000)" }  // distinct, not in order
            let value = JSONValue.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.int(1)) }))
            let expected = "{" + keys.sorted().map { #""\#($0)":1"# }.joined(separator: ",") + "}"
            #expect(value.jsonString == expected)
        }
    }

    /// The pull API's numbers follow `JSONValue`'s rules: a whole double is an integer, anything
    /// else is skipped as nil; every number reads as a double.
    @Test func thePullAPIReadsNumbersByJSONValuesRules() throws {
        let ints = try JSONParser.read(#"[3, -7, 3.0, 1e3, 3.5, "3", null, 1e300]"#.utf8) {
            parser throws(JSONParser.Failure) in
            var values: [Int?] = []
            try parser.readArray { parser throws(JSONParser.Failure) in values.append(try parser.readInt()) }
            return values
        }
        #expect(ints == [3, -7, 3, 1_000, nil, nil, nil, nil])
        #expect(
            ints.map { $0.map(JSONValue.int) }
                == [3, -7, 3.0, 1e3, 3.5, "3", nil, 1e300].map { (value: JSONValue) in value.intValue.map(JSONValue.int)
                })
        let doubles = try JSONParser.read("[3, 2.5, true]".utf8) { parser throws(JSONParser.Failure) in
            var values: [Double?] = []
            try parser.readArray { parser throws(JSONParser.Failure) in values.append(try parser.readDouble()) }
            return values
        }
        #expect(doubles == [3, 2.5, nil])
    }
}
