#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "cxjf/check.hpp"
#include "exit_code.hpp"

namespace cxjf::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"check", command_check, kCheckHelp},    {"score", command_score, kScoreHelp},
        {"export", command_export, kExportHelp}, {"keygen", command_keygen, kKeygenHelp},
        {"sign", command_sign, kSignHelp},       {"verify", command_verify, kVerifyHelp},
        {"schema", command_schema, kSchemaHelp}, {"rules", command_rules, kRulesHelp},
    };
    return list;
}

}  // namespace cxjf::cli

namespace {

const char* const kUsage = R"(usage: cxjf <command> [options]

commands:
  check [--format text|json|ndjson|csv] [--jobs N] [--out FILE] [--lang zh|en] PATH...
        check filings (files, directories searched for *.json, or - for standard input)
  score [--profile NAME|FILE] [--format text|json] [--lang zh|en] FILE
        pre-scores of one filing: every indicator, its band, points and the hint for the next band
  export [--csv FILE] [--xlsx FILE] [--findings FILE] [--lang zh|en] [--jobs N] [--keys FILE] PATH...
        the batch-upload sheet (one row per enterprise, amounts in 万元) as CSV and XLSX, and the findings report
  keygen --out KEY.pem [--alg Ed25519|SM2-SM3]
        a new signing key (PKCS#8 PEM, readable by its owner only); prints its key ID and public key
  sign --key KEY.pem [--out FILE] FILE
        check the filing and, when it has no error and every warning is explained, write the signed envelope
  verify [--keys FILE] [--format text|json] FILE...
        verify signed envelopes (exit 1 when one is not validly signed)
  schema                 print the filing JSON Schema (draft-07)
  rules [--format md|json]  print the rule catalogue
  --version              print the engine and ruleset versions

Run 'cxjf COMMAND --help' for every option of a command.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace cxjf::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? kExitUsageOrIo : kExitOk;
    }
    const std::string name = args[0];
    args.erase(args.begin());
    if (name == "--version" || name == "version") {
        const auto& engine = cxjf::Engine::builtin();
        std::cout << engine.version() << " (ruleset " << engine.ruleset() << ")\n";
        return kExitOk;
    }
    for (const Command& command : commands()) {
        if (name != command.name) continue;
        for (const auto& a : args)
            if (a == "--help" || a == "-h") {
                std::cout << command.help;
                return kExitOk;
            }
        try {
            return command.run(args);
        } catch (const UsageError& e) {
            std::cerr << "cxjf " << name << ": " << e.what() << "\n\n" << command.help;
        } catch (const std::exception& e) {
            std::cerr << "cxjf " << name << ": " << e.what() << "\n";
        }
        return kExitUsageOrIo;
    }
    std::cerr << "cxjf: unknown command '" << name << "'\n\n" << kUsage;
    return kExitUsageOrIo;
}
