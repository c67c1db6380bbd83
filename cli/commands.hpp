#pragma once
// One function per sub-command; main.cpp only dispatches.
#include <string>
#include <vector>

namespace cxjf::cli {

int command_check(const std::vector<std::string>& args);
int command_export(const std::vector<std::string>& args);
int command_schema(const std::vector<std::string>& args);
int command_score(const std::vector<std::string>& args);
int command_keygen(const std::vector<std::string>& args);
int command_sign(const std::vector<std::string>& args);
int command_verify(const std::vector<std::string>& args);
int command_rules(const std::vector<std::string>& args);

}  // namespace cxjf::cli
