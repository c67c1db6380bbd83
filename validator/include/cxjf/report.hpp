#pragma once
// Turning findings into text: messages by rule ID from forms/2025/messages.{zh,en}.json.
#include <string>

#include "cxjf/check.hpp"

namespace cxjf {

// The message of one finding, in one language, with its parameters filled in.
std::string render_message(const Engine& engine, const Finding& finding, Lang lang);

// The text of a plain message key such as "status.ok" or "severity.warning"; the key itself when unknown.
std::string message_term(const Engine& engine, const std::string& key, Lang lang);

// One file's result as the JSON object of DESIGN §6, compact, on one line; "file" is included when given.
// "scores" holds one summary per profile ({score, max, eligible, …}); the estimate carries its label.
std::string result_json(const Engine& engine, const CheckResult& result, const std::string* file = nullptr);

// "absent" | "unverified" | "valid" | "invalid".
const char* to_string(SignatureStatus s);

// The "signature" object of result_json.
std::string signature_json(const SignatureInfo& signature);

// The "scores" object of result_json: {"tech-sme": {"score", "max", "eligible", …}, …}.
std::string scores_summary_json(const CheckResult& result);

// One profile's full result (every indicator with value, band, points, max and hint; conditions; routes),
// with hint texts in both languages.
std::string score_json(const Engine& engine, const ProfileScore& score);

// "2024 年研发费用 +82.4万元 → +10 分" / "R&D expense 2024 +CNY 824,000 → +10 points".
std::string hint_text(const Engine& engine, const Hint& hint, Lang lang);

// Points as text: "20", "7.5", "62.25".
std::string points_text(double points);

}  // namespace cxjf
