public import Configuration
public import Foundation
public import LLMCore
import SystemPackage

/// Builds the `ConfigReader` a server reads the library's settings from: environment variables
/// first, then the configuration files (JSON or YAML, by extension; an earlier file wins), then
/// command-line arguments (`--llm-endpoint URL`): a value set in several places is taken from
/// the first. Keys that name secrets (an API key, a token, a password) are marked secret in every
/// provider, so an access reporter (swift-configuration's `AccessLogger`) redacts them.
@available(macOS 15, iOS 18, watchOS 11, tvOS 18, visionOS 2, *)
public enum LLMConfigSources {
    /// The reader over `environment`, `files` and `arguments`.
    /// - Parameters:
    ///   - environment: The environment variables (default: the process's).
    ///   - files: JSON (`.json`) or YAML (`.yaml`, `.yml`) files; each must exist.
    ///   - arguments: Command-line arguments (`["program", "--llm-endpoint", "https://..."]`), or none.
    ///   - accessReporter: Where each access is reported (an `AccessLogger`), secrets redacted.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) for a file that cannot be read or parsed.
    public static func reader(
        environment: [String: String] = ProcessInfo.processInfo.environment, files: [String] = [],
        arguments: [String]? = nil, accessReporter: (any AccessReporter)? = nil
    ) async throws(LLMError) -> ConfigReader {
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(
                environmentVariables: environment, secretsSpecifier: .dynamic { key, _ in isSecret(key) })
        ]
        for file in files {
            providers.append(try await fileProvider(file))
        }
        if let arguments {
            providers.append(
                CommandLineArgumentsProvider(
                    arguments: arguments, secretsSpecifier: .dynamic { key, _ in isSecret(key) }))
        }
        return ConfigReader(providers: providers, accessReporter: accessReporter)
    }

    /// Whether a key or variable names a secret: it mentions a key, a token, a secret or a password.
    static func isSecret(_ name: String) -> Bool {
        let folded = name.lowercased().filter(\.isLetter)
        return ["apikey", "key", "token", "secret", "password"].contains { folded.hasSuffix($0) }
            || folded.contains("secret") || folded.contains("password")
    }

    private static func fileProvider(_ path: String) async throws(LLMError) -> any ConfigProvider {
        let filePath = FilePath(path)
        do {
            switch filePath.extension?.lowercased() {
            case "json":
                return try await FileProvider<JSONSnapshot>(
                    parsingOptions: .init(secretsSpecifier: .dynamic { key, _ in isSecret(key) }), filePath: filePath)
            case "yaml", "yml":
                return try await FileProvider<YAMLSnapshot>(
                    parsingOptions: .init(secretsSpecifier: .dynamic { key, _ in isSecret(key) }), filePath: filePath)
            default:
                throw LLMError(
                    code: .invalidConfiguration, message: "'\(path)' is neither a .json nor a .yaml file",
                    hint: "name the configuration file *.json, *.yaml or *.yml", parameter: "files")
            }
        } catch let error as LLMError {
            throw error
        } catch {
            throw LLMError(
                // The parser's own description can quote the file's contents, secrets included.
                code: .invalidConfiguration,
                message: "cannot read the configuration file '\(path)' (\(String(describing: type(of: error))))",
                hint: "check that it exists and is valid JSON or YAML (lists hold only strings or numbers)",
                parameter: "files")
        }
    }
}
