// cxjf schema, cxjf rules: print the filing schema and the rule catalogue from the built-in forms.
#include <iostream>

#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "cxjf/check.hpp"
#include "exit_code.hpp"

namespace cxjf::cli {

const char* const kSchemaHelp = R"(usage: cxjf schema

Prints the filing JSON Schema (draft-07) of the built-in forms.
)";

const char* const kRulesHelp = R"(usage: cxjf rules [--format md|json]

Prints the rule catalogue: every rule ID with its stage, severity and title (md: the README table; json: as data).
)";

int command_schema(const std::vector<std::string>& args) {
    const Args a = parse_args(args, {});
    if (!a.positional.empty()) throw UsageError("no argument is taken");
    std::cout << Engine::builtin().formText("filing.schema.json");
    return kExitOk;
}

int command_rules(const std::vector<std::string>& args) {
    const Args a = parse_args(args, {{"--format"}, {}, {}});
    const std::string format = a.value("--format").value_or("md");
    if (format != "md" && format != "json") throw UsageError("--format is md or json");
    if (!a.positional.empty()) throw UsageError("no argument is taken");
    const Engine& engine = Engine::builtin();
    const auto rules = nlohmann::ordered_json::parse(engine.formText("rules.json"));
    if (format == "json") {
        std::cout << rules["rules"].dump(1) << "\n";
        return kExitOk;
    }
    std::cout << "| ID | stage | severity | 规则 | rule |\n|---|---|---|---|---|\n";
    for (auto it = rules["rules"].begin(); it != rules["rules"].end(); ++it) {
        const auto& r = it.value();
        std::string severity = r.value("severity", "");
        if (r.contains("variants"))
            for (auto v = r["variants"].begin(); v != r["variants"].end(); ++v)
                severity += " / " + v.value().get<std::string>() + " (" + v.key() + ")";
        std::cout << "| " << it.key() << " | " << r.value("stage", "") << " | " << severity << " | "
                  << r["title"].value("zh", "") << " | " << r["title"].value("en", "") << " |\n";
    }
    return kExitOk;
}

}  // namespace cxjf::cli
