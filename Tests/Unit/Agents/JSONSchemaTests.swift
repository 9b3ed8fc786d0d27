import Foundation
import LLMAgents
import LLMCore
import Testing

/// Schemas derived from Swift types, checked against each API's rules, and answers validated.
@Suite struct JSONSchemaTests {
    struct Trip: Codable, SchemaAnnotated {
        enum Mode: String, Codable, CaseIterable { case train, plane }
        enum Priority: Int, Codable, CaseIterable {
            case low = 1
            case high = 2
        }
        struct Stop: Codable {
            var city: String
            var nights: Int
            var arrival: Date?
        }
        var traveller: String
        var mode: Mode
        var priority: Priority?
        var stops: [Stop]
        var budget: Double
        var refundable: Bool
        var notes: [String]?
        var id: UUID
        static let schemaAnnotations: SchemaAnnotations = [
            "": "A planned trip",
            "traveller": SchemaAnnotation("Full name").pattern("^[A-Z]"),
            "budget": SchemaAnnotation("In euros").minimum(0).maximum(10_000),
            "stops": SchemaAnnotation("In order").maxItems(10),
        ]
    }

    @Test func aStructWithNestedTypesArraysOptionalsAndEnumsGivesAClosedSchema() throws {
        let schema = try JSONSchema.derive(Trip.self)
        let expected: JSONValue = [
            "type": "object", "description": "A planned trip", "additionalProperties": false,
            "required": ["traveller", "mode", "priority", "stops", "budget", "refundable", "notes", "id"],
            "properties": [
                "traveller": ["type": "string", "description": "Full name", "pattern": "^[A-Z]"],
                "mode": ["type": "string", "enum": ["train", "plane"]],
                "priority": ["type": ["integer", "null"], "enum": [1, 2, nil]],
                "stops": [
                    "type": "array", "description": "In order", "maxItems": 10,
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["city", "nights", "arrival"],
                        "properties": [
                            "city": ["type": "string"], "nights": ["type": "integer"],
                            "arrival": ["type": ["string", "null"], "format": "date-time"],
                        ],
                    ],
                ],
                "budget": ["type": "number", "description": "In euros", "minimum": 0, "maximum": 10_000],
                "refundable": ["type": "boolean"],
                "notes": ["anyOf": [["type": "array", "items": ["type": "string"]], ["type": "null"]]],
                "id": ["type": "string", "format": "uuid"],
            ],
        ]
        #expect(schema == expected)
    }

    @Test func theDerivedSchemaMeetsEveryAPIsRules() throws {
        let schema = try JSONSchema.derive(Trip.self)
        for dialect in SchemaDialect.allCases {
            #expect(JSONSchema.problems(in: schema, for: dialect) == [], "\(dialect)")
        }
    }

    @Test func theRulesFindWhatEachAPIRefuses() {
        let open: JSONValue = [
            "type": "object", "properties": ["a": ["type": "string", "format": "uri"], "b": ["type": "integer"]],
            "required": ["a"],
        ]
        #expect(
            JSONSchema.problems(in: open, for: .openAIStrict) == [
                #"$: an object must set "additionalProperties": false"#,
                #"$: the property "b" must be required (make it nullable to allow null)"#,
                #"$.properties.a: the string format "uri" is not supported"#,
            ])
        #expect(JSONSchema.problems(in: open, for: .anthropicTool) == [])
        let exotic: JSONValue = [
            "type": "object", "properties": ["a": ["type": "string", "contentEncoding": "base64"]],
        ]
        #expect(
            JSONSchema.problems(in: exotic, for: .gemini) == [
                #"$.properties.a: the keyword "contentEncoding" is not supported"#
            ])
        #expect(JSONSchema.problems(in: ["type": "array"], for: .anthropicTool).count == 1)
    }

    struct Tree: Codable {
        var children: [Tree]
    }

    struct Lookup: Codable {
        var table: [String: Int]
    }

    struct Misnamed: Codable, SchemaAnnotated {
        var city: String
        static let schemaAnnotations: SchemaAnnotations = ["town": "renamed long ago"]
    }

    enum Shape: Codable {
        case circle(radius: Double)
    }

    struct Handwritten: Codable, CustomJSONSchema {
        var values: [String: Int]
        static let jsonSchema: JSONValue = ["type": "object", "properties": ["values": ["type": "object"]]]
    }

    @Test func typesWithoutASchemaAreTypedErrorsThatNameThem() throws {
        func failure<T: Decodable>(_ type: T.Type) -> LLMError? {
            do {
                _ = try JSONSchema.derive(type)
                return nil
            } catch {
                return error
            }
        }
        #expect(failure(Tree.self)?.message.contains("recursive") == true)
        #expect(failure(Lookup.self)?.message.contains("at table: a dictionary") == true)
        #expect(failure(Misnamed.self)?.message.contains(#"the annotation "town" names no property"#) == true)
        #expect(failure(Shape.self)?.code == .invalidRequest)
        #expect(try JSONSchema.derive(Handwritten.self) == Handwritten.jsonSchema)
    }

    @Test func answersAreValidatedWithPathsForEveryFailure() throws {
        let schema = try JSONSchema.derive(Trip.self)
        let answer = try JSONValue(
            parsing: #"""
                {"traveller": "ada", "mode": "bus", "priority": null, "budget": -1, "refundable": "yes",
                 "stops": [{"city": "Oslo", "nights": 1.5, "arrival": null, "extra": 1}], "notes": null,
                 "id": "6f1c"}
                """#)
        #expect(
            JSONSchema.validate(answer, against: schema) == [
                #"$.budget: -1 is below the minimum 0"#,
                #"$.mode: "bus" is not one of ["train","plane"]"#,
                #"$.refundable: expected boolean, got string"#,
                #"$.stops[0]: the property "extra" is not allowed"#,
                #"$.stops[0].nights: expected integer, got number"#,
            ])
        let good = try JSONValue(
            parsing: #"""
                {"traveller": "Ada", "mode": "train", "priority": 2, "budget": 90.5, "refundable": true,
                 "stops": [], "notes": ["window"], "id": "6f1c"}
                """#)
        #expect(JSONSchema.validate(good, against: schema) == [])
        #expect(
            JSONSchema.validate(["x": 1], against: schema).first == #"$: the required property "traveller" is missing"#)
    }

    @Test func theDecoderReadsTheDatesTheSchemaAsksFor() throws {
        struct Stamp: Codable { var at: Date }
        let stamp = try JSONSchema.decoder.decode(Stamp.self, from: Data(#"{"at": "2026-12-03T08:00:00.250Z"}"#.utf8))
        #expect(stamp.at.timeIntervalSince1970 == 1_796_284_800.25)
    }
}

/// Derived schemas against the JSON Schema meta-schema (Python's jsonschema), with an answer that
/// the library's validator accepts accepted by jsonschema too.
@Suite struct JSONSchemaMetaTests {
    @Test func derivedSchemasAreValidDraft2020SchemasAndAgreeWithJsonschema() async throws {
        let trip = try JSONSchema.derive(JSONSchemaTests.Trip.self)
        let answer: JSONValue = [
            "traveller": "Ada", "mode": "train", "priority": nil, "budget": 90.5, "refundable": true,
            "stops": [["city": "Oslo", "nights": 2, "arrival": "2026-12-03T08:00:00Z"]], "notes": ["window"],
            "id": "0D5C4C52-76E4-4A43-A7D6-6B1A2D6E2C01",
        ]
        #expect(JSONSchema.validate(answer, against: trip) == [])
        let result = try await RequestValidator.run(
            "check_json_schemas.py", [],
            bodies: [
                ("trip", Data(trip.jsonBytes)), ("trip.instance", Data(answer.jsonBytes)),
                ("tree", Data(try JSONSchema.derive(JSONSchemaTests.Handwritten.self).jsonBytes)),
            ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("checked 2 schemas"))
    }
}
