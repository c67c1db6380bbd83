// cxjf schema, cxjf rules: print the filing schema and the rule catalogue from the built-in forms.
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "cxjf/check.hpp"
#include "exit_code.hpp"

namespace cxjf::cli {

int command_schema(const std::vector<std::string>& args) {
    if (!args.empty()) {
        std::cerr << "usage: cxjf schema\n";
        return kExitUsageOrIo;
    }
    std::cout << Engine::builtin().formText("filing.schema.json");
    return kExitOk;
}

int command_rules(const std::vector<std::string>& args) {
    std::string format = "md";
    if (args.size() == 2 && args[0] == "--format" && (args[1] == "md" || args[1] == "json")) format = args[1];
    else if (!args.empty()) {
        std::cerr << "usage: cxjf rules [--format md|json]\n";
        return kExitUsageOrIo;
    }
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
