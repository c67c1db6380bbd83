#pragma once
// The sub-commands: each takes its arguments (after the command name) and returns the exit code; each has its
// help text. main.cpp dispatches, answers --help, and reports a UsageError with the command's help.
#include <string>
#include <vector>

namespace cxjf::cli {

struct Command {
    const char* name;
    int (*run)(const std::vector<std::string>& args);
    const char* help;
};

// Every command, in the order the general usage lists them.
const std::vector<Command>& commands();

int command_check(const std::vector<std::string>& args);
int command_export(const std::vector<std::string>& args);
int command_schema(const std::vector<std::string>& args);
int command_rules(const std::vector<std::string>& args);
int command_score(const std::vector<std::string>& args);
int command_keygen(const std::vector<std::string>& args);
int command_sign(const std::vector<std::string>& args);
int command_verify(const std::vector<std::string>& args);

extern const char* const kCheckHelp;
extern const char* const kExportHelp;
extern const char* const kSchemaHelp;
extern const char* const kRulesHelp;
extern const char* const kScoreHelp;
extern const char* const kKeygenHelp;
extern const char* const kSignHelp;
extern const char* const kVerifyHelp;

}  // namespace cxjf::cli
