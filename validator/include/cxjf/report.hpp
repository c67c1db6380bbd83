#pragma once
// Turning findings into text: messages by rule ID from forms/2025/messages.{zh,en}.json.
#include <string>

#include "cxjf/check.hpp"

namespace cxjf {

enum class Lang { zh, en };

// The message of one finding, in one language, with its parameters filled in.
std::string render_message(const Engine& engine, const Finding& finding, Lang lang);

// The text of a plain message key such as "status.ok" or "severity.warning"; the key itself when unknown.
std::string message_term(const Engine& engine, const std::string& key, Lang lang);

// One file's result as the JSON object of DESIGN §6, compact, on one line; "file" is included when given.
std::string result_json(const Engine& engine, const CheckResult& result, const std::string* file = nullptr);

}  // namespace cxjf
